package cn.dengbao.sentinel.proto.json;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A facts file is whatever a host wrote: any text is either facts or refused with {@link
 * FactsJson.InvalidFactsException} (its message short enough to show), never another exception. In {@code mvn verify}
 * this replays the inputs under {@code src/test/resources/.../FactsJsonFuzzTestInputs}; a long run:
 * {@code JAZZER_FUZZ=1 mvn -o test -pl proto -Dtest=FactsJsonFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class FactsJsonFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void factsJsonIsParsedOrRefusedWithAReason(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        try {
            assertNotNull(FactsJson.parse(text, 1 << 20));
        } catch (FactsJson.InvalidFactsException e) {
            if (e.getMessage() == null || e.getMessage().length() > 400) {
                throw new AssertionError("refusal without a short reason: " + e.getMessage());
            }
        }
    }
}
