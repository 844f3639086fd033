package cn.dengbao.sentinel.collector.export;

import cn.dengbao.sentinel.proto.Account;
import cn.dengbao.sentinel.proto.Facts;
import cn.dengbao.sentinel.proto.ListeningPort;
import cn.dengbao.sentinel.proto.PasswordState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The basic configuration record (基本配置信息) of one host, as 8.1.10 configuration management asks to keep. */
public record AssetRecord(String host, String os, String kernel, String arch, List<String> ipAddresses,
                          int packageCount, boolean portsCollected, List<String> openPorts, List<String> loginAccounts,
                          Instant collectedAt) {

    public static AssetRecord from(String host, Facts f) {
        String kernel = !f.getOs().getKernelRelease().isEmpty() ? f.getOs().getKernelRelease()
                : f.getPackages().getRunningKernel().isEmpty() ? f.getPackages().getNewestInstalledKernel()
                : f.getPackages().getRunningKernel();
        TreeSet<String> ports = new TreeSet<>();
        for (ListeningPort p : f.getListeningPorts().getPortsList()) {
            if (!p.getLoopbackOnly()) {
                ports.add(p.getProtocol() + "/" + p.getPort() + (p.getProcess().isEmpty() ? "" : " (" + p.getProcess() + ")"));
            }
        }
        List<String> accounts = new ArrayList<>();
        for (Account a : f.getAccounts().getAccountsList()) {
            boolean canLogIn = a.getInteractiveShell() && a.getPasswordState() != PasswordState.LOCKED
                    && a.getPasswordState() != PasswordState.NO_PASSWORD;
            if (canLogIn) {
                accounts.add(a.getName() + "(uid " + a.getUid() + ")");
            }
        }
        return new AssetRecord(host, f.getOs().getPrettyName(), kernel, f.getOs().getArch(),
                List.copyOf(f.getHost().getIpAddressesList()), f.getPackages().getPackagesCount(),
                f.getListeningPorts().getCollected(), List.copyOf(ports), List.copyOf(accounts),
                Instant.ofEpochMilli(f.getHost().getCollectedAtEpochMs()));
    }

    /** Ports as text; "未采集" when the facts came from an offline root where sockets cannot be seen. */
    public String openPortsText() {
        if (!portsCollected) {
            return "未采集（离线采集无法查看监听端口）";
        }
        return openPorts.isEmpty() ? "无" : String.join(", ", openPorts);
    }
}
