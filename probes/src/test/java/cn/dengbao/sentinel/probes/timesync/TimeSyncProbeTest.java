package cn.dengbao.sentinel.probes.timesync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dengbao.sentinel.probes.testsupport.TestHost;
import cn.dengbao.sentinel.proto.TimeSync;
import cn.dengbao.sentinel.testkit.TestRoot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeSyncProbeTest {
    @TempDir
    Path dir;

    @Test
    void chronyEnabledWinsOverTimesyncdConfig() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir));
        a.files().file("/etc/chrony.conf", "# Use public servers\nserver ntp1.gov.example iburst\npool 2.pool.ntp.org iburst\ndriftfile /var/lib/chrony/drift\n");
        a.files().file("/usr/lib/systemd/system/chronyd.service", "[Service]\n");
        a.files().link("/etc/systemd/system/multi-user.target.wants/chronyd.service", "/usr/lib/systemd/system/chronyd.service");
        a.files().file("/etc/systemd/timesyncd.conf", "[Time]\nNTP=other.example\n");
        TimeSync t = a.collect(new TimeSyncProbe()).getTimeSync();
        assertEquals("chronyd", t.getDaemon());
        assertTrue(t.getEnabled());
        assertEquals(List.of("ntp1.gov.example", "2.pool.ntp.org"), t.getServersList().stream().map(s -> s.getValue()).toList());
        assertEquals("pool", t.getServers(1).getKey());
        assertEquals(3, t.getServers(1).getSource().getLine());
    }

    @Test
    void timesyncdConfiguredButNotEnabled() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir));
        a.files().file("/etc/systemd/timesyncd.conf", "[Time]\n#NTP=\nNTP=10.0.0.1 10.0.0.2\n");
        TimeSync t = a.collect(new TimeSyncProbe()).getTimeSync();
        assertEquals("systemd-timesyncd", t.getDaemon());
        assertFalse(t.getEnabled());
        assertEquals(2, t.getServersCount());
    }

    @Test
    void ntpdViaSysv() throws Exception {
        TestHost a = new TestHost(new TestRoot(dir));
        a.files().file("/etc/ntp.conf", "server 192.168.1.1\nrestrict default nomodify\n");
        a.files().link("/etc/rc.d/rc3.d/S58ntpd", "../init.d/ntpd");
        TimeSync t = a.collect(new TimeSyncProbe()).getTimeSync();
        assertEquals("ntpd", t.getDaemon());
        assertTrue(t.getEnabled());
        assertEquals("192.168.1.1", t.getServers(0).getValue());
    }

    @Test
    void noneAtAll() {
        TimeSync t = new TestHost(new TestRoot(dir)).collect(new TimeSyncProbe()).getTimeSync();
        assertEquals("", t.getDaemon());
        assertFalse(t.getEnabled());
    }
}
