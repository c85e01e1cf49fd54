// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.pontoon.api.rest.EndpointView;
import io.pontoon.api.rest.PortView;
import io.pontoon.api.rest.SandboxView;

/** Human renderings used by the tables of {@code ps} and {@code network ls}. */
public final class Formats
{
    private Formats()
    {
    }

    /** The first 12 characters of an id, as Docker shows them. */
    public static String shortId(final String id)
    {
        return id == null ? "" : id.length() <= 12 ? id : id.substring(0, 12);
    }

    /**
     * Published ports, consecutive ones merged: {@code 127.0.0.1:8000-8001->80-81/tcp,
     * *:53->53/udp, [::1]:9000->90/tcp}; {@code *} means every host address.
     */
    public static String ports(final List<PortView> ports)
    {
        final List<String> out = new ArrayList<>();
        int k = 0;
        while (k < ports.size())
        {
            final PortView first = ports.get(k);
            int end = k;
            while (end + 1 < ports.size() && next(ports.get(end), ports.get(end + 1)))
            {
                end++;
            }
            final PortView last = ports.get(end);
            final String ip = first.hostIp() == null ? "*" : first.hostIp().indexOf(':') >= 0 ? "[" + first.hostIp() + "]"
                : first.hostIp();
            out.add(ip + ":" + span(first.hostPort(), last.hostPort()) + "->"
                + span(first.containerPort(), last.containerPort()) + "/" + first.protocol());
            k = end + 1;
        }
        return String.join(", ", out);
    }

    private static boolean next(final PortView a, final PortView b)
    {
        return Objects.equals(a.hostIp(), b.hostIp()) && a.protocol().equals(b.protocol())
            && b.hostPort() == a.hostPort() + 1 && b.containerPort() == a.containerPort() + 1;
    }

    private static String span(final int a, final int b)
    {
        return a == b ? Integer.toString(a) : a + "-" + b;
    }

    /** The NETWORK column: the endpoints' networks, else the mode (container ids shortened). */
    public static String networks(final SandboxView s)
    {
        if (!s.endpoints().isEmpty())
        {
            return String.join(",", s.endpoints().stream().map(EndpointView::network).toList());
        }
        final String m = s.mode();
        return m.startsWith("container:") ? "container:" + shortId(m.substring("container:".length())) : m;
    }

    /** The IP column: endpoint addresses without their prefix length. */
    public static String addresses(final SandboxView s)
    {
        final List<String> out = new ArrayList<>();
        for (final EndpointView e : s.endpoints())
        {
            if (e.ipAddress() != null)
            {
                final int slash = e.ipAddress().indexOf('/');
                out.add(slash < 0 ? e.ipAddress() : e.ipAddress().substring(0, slash));
            }
        }
        return String.join(",", out);
    }

    /** The STATUS column: "created", "running", "exited (CODE)". */
    public static String status(final SandboxView s)
    {
        if (SandboxView.STATE_EXITED.equals(s.state()) && s.exitCode() != null)
        {
            return s.state() + " (" + s.exitCode() + ")";
        }
        return s.state();
    }

    /** The COMMAND column: quoted, cut to 20 characters like Docker's. */
    public static String command(final List<String> argv)
    {
        if (argv.isEmpty())
        {
            return "";
        }
        final String c = String.join(" ", argv);
        return "\"" + (c.length() > 20 ? c.substring(0, 17) + "..." : c) + "\"";
    }

    /** "Less than a second ago", "5 seconds ago", "About a minute ago", "3 hours ago", "2 days ago". */
    public static String ago(final Instant then, final Instant now)
    {
        final long s = Math.max(0, Duration.between(then, now).toSeconds());
        if (s < 1)
        {
            return "Less than a second ago";
        }
        if (s < 60)
        {
            return s + " second" + (s == 1 ? "" : "s") + " ago";
        }
        final long m = s / 60;
        if (m < 60)
        {
            return m == 1 ? "About a minute ago" : m + " minutes ago";
        }
        final long h = m / 60;
        if (h < 48)
        {
            return h == 1 ? "About an hour ago" : h + " hours ago";
        }
        final long d = h / 24;
        if (d < 14)
        {
            return d + " days ago";
        }
        return d < 60 ? d / 7 + " weeks ago" : d / 30 + " months ago";
    }
}
