package org.saslfail.core.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Offense;
import org.saslfail.core.model.Service;

class EarlyLiftTest {
    private static final Instant T0 = Instant.parse("2026-03-20T20:51:38Z");

    private static Offense ban(Instant expires, Instant lifted) {
        IpAddress ip = IpAddress.parse("192.0.2.9");
        return new Offense(ip.asPrefix(), ip, Service.POSTFIX, 1, JailName.of("saslfail-postfix"), T0, expires, lifted);
    }

    @Test
    void aLiftRecordedAtTheExpiryIsTheBanRunningOutEvenInAnOldStore() {
        Instant expiry = T0.plus(Duration.ofHours(48));
        assertFalse(EarlyLift.liftedEarly(ban(expiry, expiry.minusMillis(12))));
        assertFalse(EarlyLift.liftedEarly(ban(expiry, expiry.minusSeconds(59))));
        assertFalse(EarlyLift.liftedEarly(ban(expiry, null)));
    }

    @Test
    void aLiftWellBeforeTheExpiryOrOfAPermanentBanIsEarly() {
        Instant expiry = T0.plus(Duration.ofHours(48));
        assertTrue(EarlyLift.liftedEarly(ban(expiry, expiry.minusSeconds(61))));
        assertTrue(EarlyLift.liftedEarly(ban(expiry, T0.plusSeconds(3600))));
        assertTrue(EarlyLift.liftedEarly(ban(null, T0.plusSeconds(3600))));
    }
}
