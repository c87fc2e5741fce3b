package org.saslfail.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A subnet that reached the subnet threshold but is never banned because it holds an ignored
 * address or one of the server's own addresses (issue 7). Recorded so summaries can say so.
 *
 * @param subnet    the /24 or /48
 * @param sparedBy  the ignore entry (or own address) inside or around it
 * @param offenders distinct offenders (addresses, or IPv6 /64s) inside it within the subnet window
 * @param service   the service of the offense that reached the threshold
 * @param first     when it first reached the threshold (in the stored period)
 * @param last      when it last did
 */
public record SparedSubnet(IpPrefix subnet, IpPrefix sparedBy, int offenders, Service service, Instant first,
                           Instant last) {

    public SparedSubnet {
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(sparedBy, "sparedBy");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("spared subnet seen last before first: " + first + " > " + last);
        }
    }
}
