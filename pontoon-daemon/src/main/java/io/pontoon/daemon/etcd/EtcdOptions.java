// SPDX-License-Identifier: Apache-2.0
package io.pontoon.daemon.etcd;

import io.pontoon.kernel.net.IpPrefix;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the etcd cluster is and how long one request may take.
 *
 * @param endpoints      client URLs {@code http://IP:PORT} of the etcd members (IP literals only:
 *                       Pontoon never resolves names)
 * @param requestTimeout the bound on every store call (and on waiting for a watch to start); past
 *                       it the call fails with UNAVAILABLE instead of hanging
 */
public record EtcdOptions(List<URI> endpoints, Duration requestTimeout)
{
    /** The default {@link #requestTimeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final String SCHEME = "etcd://";

    public EtcdOptions
    {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty())
        {
            throw new IllegalArgumentException("at least one etcd endpoint is needed");
        }
        for (final URI u : endpoints)
        {
            if (!"http".equals(u.getScheme()) || u.getHost() == null || u.getPort() <= 0 || !u.getRawPath().isEmpty())
            {
                throw new IllegalArgumentException("etcd endpoint must look like http://IP:PORT, not " + u);
            }
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero())
        {
            throw new IllegalArgumentException("request timeout must be positive");
        }
    }

    /**
     * Parses the {@code --cluster-store} value {@code etcd://IP:PORT[,IP:PORT...]} (IPv6 as
     * {@code [ADDR]:PORT}) with the default timeout.
     */
    public static EtcdOptions parse(final String url)
    {
        if (url == null || !url.startsWith(SCHEME) || url.length() == SCHEME.length())
        {
            throw new IllegalArgumentException("cluster store must look like etcd://IP:PORT[,IP:PORT...], not '" + url + "'");
        }
        final List<URI> out = new ArrayList<>();
        for (final String member : url.substring(SCHEME.length()).split(",", -1))
        {
            out.add(endpoint(member.trim()));
        }
        return new EtcdOptions(out, DEFAULT_TIMEOUT);
    }

    /** {@code IP:PORT} or {@code [IPv6]:PORT} as {@code http://...}. */
    static URI endpoint(final String member)
    {
        final int colon = member.lastIndexOf(':');
        if (colon <= 0 || colon == member.length() - 1)
        {
            throw new IllegalArgumentException("etcd member '" + member + "' must be IP:PORT");
        }
        String host = member.substring(0, colon);
        final boolean bracketed = host.startsWith("[") && host.endsWith("]");
        if (bracketed)
        {
            host = host.substring(1, host.length() - 1);
        }
        final InetAddress ip = IpPrefix.Ip.parse(host);
        if (ip instanceof Inet6Address != bracketed)
        {
            throw new IllegalArgumentException("etcd member '" + member + "': write IPv6 addresses as [ADDR]:PORT");
        }
        final int port;
        try
        {
            port = Integer.parseInt(member.substring(colon + 1));
        }
        catch (final NumberFormatException e)
        {
            throw new IllegalArgumentException("etcd member '" + member + "' has no valid port", e);
        }
        if (port < 1 || port > 65535)
        {
            throw new IllegalArgumentException("etcd member '" + member + "' has no valid port");
        }
        return URI.create("http://" + (bracketed ? "[" + ip.getHostAddress() + "]" : ip.getHostAddress()) + ":" + port);
    }

    /** The same endpoints with another timeout. */
    public EtcdOptions withRequestTimeout(final Duration timeout)
    {
        return new EtcdOptions(endpoints, timeout);
    }

    /** The endpoints for messages: {@code http://a:2379, http://b:2379}. */
    String describe()
    {
        return String.join(", ", endpoints.stream().map(URI::toString).toList());
    }
}
