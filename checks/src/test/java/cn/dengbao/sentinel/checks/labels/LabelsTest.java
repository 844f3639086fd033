package cn.dengbao.sentinel.checks.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;
import org.junit.jupiter.api.Test;

class LabelsTest {
    @Test
    void statusLabelsAsAssessorsWriteThem() {
        assertEquals("符合", Labels.status(Status.PASS));
        assertEquals("部分符合", Labels.status(Status.PARTIAL));
        assertEquals("不符合", Labels.status(Status.FAIL));
        assertEquals("不适用", Labels.status(Status.NOT_APPLICABLE));
        assertEquals("需人工核查", Labels.status(Status.MANUAL));
        assertEquals("无法判定", Labels.status(Status.ERROR));
        assertEquals("-", Labels.status(Status.STATUS_UNSPECIFIED));
        assertEquals("-", Labels.status(null));
    }

    @Test
    void riskLabels() {
        assertEquals("高", Labels.risk(Risk.HIGH));
        assertEquals("中", Labels.risk(Risk.MEDIUM));
        assertEquals("低", Labels.risk(Risk.LOW));
        assertEquals("-", Labels.risk(Risk.NONE));
        assertEquals("-", Labels.risk(null));
    }

    @Test
    void decisionLabels() {
        assertEquals("风险已接受", Labels.decision(Labels.ACCEPTED_RISK));
        assertEquals("不适用", Labels.decision(Labels.NOT_APPLICABLE));
        assertEquals("", Labels.decision(null));
        assertEquals("已接受风险", Labels.rectification(Labels.ACCEPTED_RISK));
        assertEquals("已判定不适用", Labels.rectification(Labels.NOT_APPLICABLE));
        assertNull(Labels.rectification(null));
    }
}
