package org.saslfail.fail2ban.daemon;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.saslfail.core.model.IpAddress;
import org.saslfail.core.model.IpPrefix;

/** This machine's own addresses: never banned (DESIGN §2, ignore). */
public final class OwnAddresses {

    private OwnAddresses() {
    }

    /** The addresses of every network interface; empty when none can be read (the configured ignore list still applies). */
    public static List<IpPrefix> find() {
        List<IpPrefix> own = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    String text = a.getHostAddress();
                    int zone = text.indexOf('%');
                    if (zone >= 0) {
                        text = text.substring(0, zone);
                    }
                    if (IpAddress.isValid(text)) {
                        own.add(IpAddress.parse(text).asPrefix());
                    }
                }
            }
        } catch (SocketException | RuntimeException e) {
            // no interfaces readable: the ignore list from the config still applies
        }
        return own;
    }
}
