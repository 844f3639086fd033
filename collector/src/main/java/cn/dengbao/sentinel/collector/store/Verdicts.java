package cn.dengbao.sentinel.collector.store;

import cn.dengbao.sentinel.proto.Risk;
import cn.dengbao.sentinel.proto.Status;

/** How verdicts drive the findings lifecycle, and their stored names. */
final class Verdicts {
    private Verdicts() {}

    /** FAIL and PARTIAL open (or keep open) a finding. */
    static boolean failing(Status s) {
        return s == Status.FAIL || s == Status.PARTIAL;
    }

    /** PASS and NOT_APPLICABLE close an open finding. MANUAL and ERROR prove nothing either way. */
    static boolean resolving(Status s) {
        return s == Status.PASS || s == Status.NOT_APPLICABLE;
    }

    static String name(Status s) {
        return s == Status.STATUS_UNSPECIFIED || s == Status.UNRECOGNIZED ? Status.ERROR.name() : s.name();
    }

    static String name(Risk r) {
        return r == Risk.RISK_UNSPECIFIED || r == Risk.UNRECOGNIZED ? Risk.NONE.name() : r.name();
    }

    static Status status(String s) {
        try {
            return Status.valueOf(s);
        } catch (IllegalArgumentException | NullPointerException e) {
            return Status.ERROR;
        }
    }

    static Risk risk(String s) {
        try {
            return Risk.valueOf(s);
        } catch (IllegalArgumentException | NullPointerException e) {
            return Risk.NONE;
        }
    }
}
