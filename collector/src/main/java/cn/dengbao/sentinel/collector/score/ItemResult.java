package cn.dengbao.sentinel.collector.score;

import cn.dengbao.sentinel.proto.Status;

/** One 8.1.4 item on one host: its rolled-up status, the value it scores (NaN when not scored) and its deduction. */
public record ItemResult(String clause, String control, Importance importance, Status status, double value,
                         double deduction) {
    public boolean scored() {
        return !Double.isNaN(value);
    }
}
