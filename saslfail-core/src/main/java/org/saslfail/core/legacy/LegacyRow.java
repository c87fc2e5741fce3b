package org.saslfail.core.legacy;

import java.time.Instant;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.JailName;
import org.saslfail.core.model.Service;

/**
 * One row of the bash original's history file: {@code timestamp|ip|jail|action|strike_level|notified}.
 * {@code action} is one of {@code ban}, {@code unban}, {@code restore-ban}, {@code restore-unban}.
 */
public record LegacyRow(int line, Instant at, IpAddress ip, JailName jail, Service service, String action, int strike,
                        boolean notified) {
}
