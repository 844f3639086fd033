package cn.dengbao.sentinel.agent.daemon;

import cn.dengbao.sentinel.pki.TlsFailures;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.ConnectException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which UNAVAILABLE breaks count as a try of the report in flight: the socket broken under a write (the collector
 * cut an oversize report and the agent saw the write fail before the reset), never a collector that is down or a
 * TLS failure, which say nothing about the report.
 */
class StreamBreakKindsTest {

    @Test
    void brokenPipeOrResetUnderAWriteCounts() {
        assertTrue(TlsFailures.brokenUnderWrite(Status.UNAVAILABLE.withCause(new IOException("Broken pipe"))
                .asRuntimeException()));
        assertTrue(TlsFailures.brokenUnderWrite(Status.UNAVAILABLE.withCause(
                new IOException("writevAddresses(..) failed: Connection reset by peer")).asRuntimeException()));
    }

    @Test
    void aCollectorThatIsDownOrRefusesTlsDoesNotCount() {
        assertFalse(TlsFailures.brokenUnderWrite(Status.UNAVAILABLE.withCause(
                new ConnectException("Connection refused: /127.0.0.1:8443")).asRuntimeException()));
        assertFalse(TlsFailures.brokenUnderWrite(Status.UNAVAILABLE.withCause(
                new SSLHandshakeException("PKIX path building failed")).asRuntimeException()));
        assertFalse(TlsFailures.brokenUnderWrite(Status.UNAVAILABLE.withDescription("io exception").asRuntimeException()));
    }
}
