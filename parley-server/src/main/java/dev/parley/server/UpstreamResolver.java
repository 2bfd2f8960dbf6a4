package dev.parley.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * How the server turns a provider's host name into the addresses it may connect to: the system's resolver, unless
 * whoever starts the server hands over another (a test that maps names without touching {@code /etc/hosts}). Called
 * off the event loops; may block.
 */
@FunctionalInterface
public interface UpstreamResolver {

    UpstreamResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    List<InetAddress> resolve(String host) throws UnknownHostException;
}
