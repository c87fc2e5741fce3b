package org.saslfail.core.report;

import java.time.Instant;
import org.saslfail.core.model.IpPrefix;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Service;

/** A ban running now: the offense that earned it and how many offenses the offender has. */
public record ActiveBan(IpPrefix offender, int strike, JailName jail, Service service, Instant bannedAt,
                        Instant expiresAt, int offenses) {
}
