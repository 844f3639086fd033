package cn.dengbao.sentinel.checks.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ClauseCatalogTest {

    @Test
    void hasAllThirtyFourLevel3HostItems() {
        ClauseCatalog c = ClauseCatalog.level3Host();
        assertEquals(34, c.items().size());
        List<String> expected = List.of("8.1.4.1a", "8.1.4.1b", "8.1.4.1c", "8.1.4.1d", "8.1.4.2a", "8.1.4.2b",
                "8.1.4.2c", "8.1.4.2d", "8.1.4.2e", "8.1.4.2f", "8.1.4.2g", "8.1.4.3a", "8.1.4.3b", "8.1.4.3c",
                "8.1.4.3d", "8.1.4.4a", "8.1.4.4b", "8.1.4.4c", "8.1.4.4d", "8.1.4.4e", "8.1.4.4f", "8.1.4.5",
                "8.1.4.6", "8.1.4.7a", "8.1.4.7b", "8.1.4.8a", "8.1.4.8b", "8.1.4.9a", "8.1.4.9b", "8.1.4.9c",
                "8.1.4.10a", "8.1.4.10b", "8.1.4.11a", "8.1.4.11b");
        assertEquals(expected, c.items().stream().map(ClauseItem::clause).toList());
        assertEquals(Set.of("身份鉴别", "访问控制", "安全审计", "入侵防范", "恶意代码防范", "可信验证", "数据完整性",
                "数据保密性", "数据备份恢复", "剩余信息保护", "个人信息保护"),
                c.items().stream().map(ClauseItem::control).collect(Collectors.toSet()));
        assertEquals("身份鉴别", c.find("8.1.4.1d").orElseThrow().control());
        assertTrue(c.items().stream().allMatch(i -> !i.summary().isBlank()));
    }

    @Test
    void weightsAreData() {
        ClauseCatalog c = ClauseCatalog.level3Host();
        assertEquals(3.0, c.weightFactor("关键"));
        assertEquals(2.0, c.weightFactor("重要"));
        assertEquals(1.0, c.weightFactor("一般"));
        assertEquals(1.0, c.baseDeduction());
    }
}
