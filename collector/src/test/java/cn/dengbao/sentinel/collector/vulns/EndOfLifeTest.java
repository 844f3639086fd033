package cn.dengbao.sentinel.collector.vulns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The end-of-life table is data: what it holds, and a broken line is refused with the stream and the reason. */
class EndOfLifeTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theShippedTableHoldsCentos7AsARebuildOfRhel7() {
        assertEquals(Optional.of(LocalDate.of(2024, 6, 30)), Streams.endOfLife("centos:7"));
        assertEquals(Optional.empty(), Streams.endOfLife("debian:12"));
        List<EndOfLife.Entry> rebuilds = EndOfLife.rebuildsOf("rhel:7");
        assertEquals(1, rebuilds.size());
        assertEquals("centos:7", rebuilds.get(0).stream());
        assertTrue(rebuilds.get(0).source().contains("centos.org"), rebuilds.get(0).source());
    }

    @Test
    void aLineWithoutSourceOrWithABadDateOrStreamIsRefused() throws Exception {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EndOfLife.parse(YAML.readTree(
                "- {stream: 'centos:7', end_of_life: 2024-06-30}"))).getMessage().contains("缺少 source"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EndOfLife.parse(YAML.readTree(
                "- {stream: 'centos:7', end_of_life: 'June 2024', source: x}"))).getMessage().contains("不是日期"));
        assertThrows(IllegalArgumentException.class, () -> EndOfLife.parse(YAML.readTree(
                "- {stream: 'plan9:4', end_of_life: 2024-06-30, source: x}")));
    }
}
