package cn.dengbao.sentinel.checks.engine;

import static cn.dengbao.sentinel.proto.Status.ERROR;
import static cn.dengbao.sentinel.proto.Status.FAIL;
import static cn.dengbao.sentinel.proto.Status.MANUAL;
import static cn.dengbao.sentinel.proto.Status.NOT_APPLICABLE;
import static cn.dengbao.sentinel.proto.Status.PARTIAL;
import static cn.dengbao.sentinel.proto.Status.PASS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.dengbao.sentinel.proto.Status;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClauseRollupTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(List.of(), MANUAL),
                Arguments.of(List.of(PASS), PASS),
                Arguments.of(List.of(PASS, PASS), PASS),
                Arguments.of(List.of(PASS, NOT_APPLICABLE), PASS),
                Arguments.of(List.of(FAIL), FAIL),
                Arguments.of(List.of(FAIL, FAIL, NOT_APPLICABLE), FAIL),
                Arguments.of(List.of(FAIL, PARTIAL), FAIL),
                Arguments.of(List.of(FAIL, MANUAL), FAIL),
                Arguments.of(List.of(FAIL, ERROR), FAIL),
                Arguments.of(List.of(PASS, FAIL), PARTIAL),
                Arguments.of(List.of(PASS, PARTIAL), PARTIAL),
                Arguments.of(List.of(PARTIAL), PARTIAL),
                Arguments.of(List.of(PASS, ERROR), ERROR),
                Arguments.of(List.of(ERROR), ERROR),
                Arguments.of(List.of(ERROR, MANUAL), ERROR),
                Arguments.of(List.of(PASS, FAIL, ERROR), PARTIAL),
                Arguments.of(List.of(NOT_APPLICABLE), NOT_APPLICABLE),
                Arguments.of(List.of(NOT_APPLICABLE, NOT_APPLICABLE), NOT_APPLICABLE),
                Arguments.of(List.of(MANUAL), MANUAL),
                Arguments.of(List.of(MANUAL, NOT_APPLICABLE), MANUAL),
                Arguments.of(List.of(PASS, MANUAL), PARTIAL));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("cases")
    void rollUp(List<Status> statuses, Status expected) {
        assertEquals(expected, ClauseRollup.rollUp(statuses));
    }
}
