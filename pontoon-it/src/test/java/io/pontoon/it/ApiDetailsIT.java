// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it;

import io.pontoon.api.rest.EndpointView;
import io.pontoon.api.rest.NetworkView;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.daemon.PontoonDaemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Details of the API against the real daemon: networks named by full id and by unique id prefix
 * (inspect, connect, rm; an exact name wins over a prefix, several matches are ambiguous), the
 * socket's mode and owner, and the status and {@code {"message": ...}} body of refusals, spoken
 * with {@code curl --unix-socket}.
 */
@Privileged
@LabHosts(count = 1)
class ApiDetailsIT
{
    private static PontoonDaemon d;

    @BeforeAll
    static void up(final Lab lab)
    {
        d = PontoonDaemon.start(lab.host("h1"));
    }

    @AfterAll
    static void down()
    {
        if (d != null)
        {
            d.close();
        }
    }

    @Test
    void theSocketIsRootsWithMode0660AndNothingIsLeftNextToIt()
    {
        assertEquals("660 root root socket", d.host().execOk("stat", "-c", "%a %U %G %F", d.socket().toString()).strip());
        assertEquals("", d.host().execOk("find", d.socket().getParent().toString(), "-maxdepth", "1", "-name", ".pt*").strip(),
            "the private directory the socket was bound in is gone");
    }

    @Test
    void aNetworkIsFoundByItsIdAndByAUniqueIdPrefix()
    {
        final String id = d.cliOk("network", "create", "--subnet", "10.200.70.0/24", "byid");
        final String prefix = uniquePrefix(id);
        assertEquals("byid", d.network(id).name());
        assertEquals("byid", d.network(prefix).name());
        final String got = status("GET", "/v1/networks/" + prefix, null);
        assertTrue(got.startsWith("200 {") && got.contains("\"Id\":\"" + id + "\""), got);
        d.cliOk("run", "-d", "--name", "byid-t", "sleep", "3600");
        d.cliOk("network", "connect", id, "byid-t");
        assertEquals(List.of("bridge", "byid"), d.inspect("byid-t").endpoints().stream().map(EndpointView::network).toList());
        d.cliOk("network", "disconnect", prefix, "byid-t");
        d.cliOk("network", "connect", prefix, "byid-t");
        assertEquals("byid-t", d.network(id).endpoints().get(0).sandboxName());
        d.cliOk("rm", "-f", "byid-t");
        assertEquals(prefix, d.cliOk("network", "rm", prefix), "network rm prints its argument");
        assertEquals("Error: network '" + id + "' not found", d.cli("network", "inspect", id).stderr().strip());

        final String id2 = d.cliOk("network", "create", "--subnet", "10.200.71.0/24", "byid2");
        d.cliOk("network", "rm", id2);
        assertTrue(d.networks().stream().noneMatch(n -> n.id().equals(id2)), "removed by full id");
    }

    @Test
    void anExactNameWinsOverAnIdPrefixAndAnAmbiguousPrefixIsRefused()
    {
        final List<String> made = new ArrayList<>();
        final Map<Character, List<String>> byFirst = new TreeMap<>();
        d.networks().forEach(n -> byFirst.computeIfAbsent(n.id().charAt(0), k -> new ArrayList<>()).add(n.id()));
        int i = 0;
        while (byFirst.values().stream().allMatch(l -> l.size() < 2))
        {
            final String id = d.cliOk("network", "create", "--subnet", "10.200." + (80 + i) + ".0/24", "amb" + i);
            made.add("amb" + i++);
            byFirst.computeIfAbsent(id.charAt(0), k -> new ArrayList<>()).add(id);
        }
        final String shared = byFirst.entrySet().stream().filter(e -> e.getValue().size() > 1).findFirst().orElseThrow().getKey()
            .toString();
        final int matches = byFirst.get(shared.charAt(0)).size();
        final ExecResult r = d.cli("network", "inspect", shared);
        assertEquals("Error: '" + shared + "' is ambiguous: it matches " + matches + " networks", r.stderr().strip());
        assertEquals(1, r.exitCode());
        assertEquals("400 {\"message\":\"'" + shared + "' is ambiguous: it matches " + matches + " networks\"}",
            status("GET", "/v1/networks/" + shared, null));

        final String victim = byFirst.get(shared.charAt(0)).get(0);
        final String name = victim.substring(0, 6);
        d.cliOk("network", "create", "--subnet", "10.200.99.0/24", name);
        made.add(name);
        assertEquals(name, d.network(name).name(), "the exact name wins over the id prefix " + name);
        assertEquals(victim, d.network(victim.substring(0, 7)).id(), "a longer prefix still finds the other network");
        for (final String n : made)
        {
            d.cliOk("network", "rm", n);
        }
    }

    @Test
    void refusalsHaveTheirStatusAndAJsonMessage()
    {
        d.cliOk("network", "create", "--subnet", "10.200.72.0/24", "st1");
        d.cliOk("run", "-d", "--name", "st-s", "--network", "st1", "sleep", "3600");
        try
        {
            assertEquals("404 {\"message\":\"network 'nope' not found\"}", status("GET", "/v1/networks/nope", null));
            assertEquals("404 {\"message\":\"network 'nope' not found\"}", status("DELETE", "/v1/networks/nope", null));
            assertEquals("404 {\"message\":\"network 'nope' not found\"}",
                status("POST", "/v1/networks/nope/connect", "{\"Sandbox\":\"st-s\"}"));
            assertEquals("409 {\"message\":\"network with name st1 already exists\"}",
                status("POST", "/v1/networks", "{\"Name\":\"st1\",\"Subnet\":\"10.200.73.0/24\"}"));
            assertEquals("409 {\"message\":\"sandbox st-s is already connected to network st1\"}",
                status("POST", "/v1/networks/st1/connect", "{\"Sandbox\":\"st-s\"}"));
            assertEquals("403 {\"message\":\"network st1 has active endpoints (sandboxes: st-s)\"}",
                status("DELETE", "/v1/networks/st1", null));
            assertEquals("400 {\"message\":\"invalid subnet '10.0.0.0/33': prefix length 33 is out of range 0-32 in "
                + "'10.0.0.0/33'\"}", status("POST", "/v1/networks", "{\"Name\":\"st2\",\"Subnet\":\"10.0.0.0/33\"}"));
            assertEquals("400 {\"message\":\"invalid subnet 'fd00::/64': only IPv4 is supported for now\"}",
                status("POST", "/v1/networks", "{\"Name\":\"st2\",\"Subnet\":\"fd00::/64\"}"));
            final ExecResult ct = d.host().exec("curl", "-s", "-o", "/dev/null", "-w", "%{content_type}", "--unix-socket",
                d.socket().toString(), "http://localhost/v1/networks/nope");
            assertTrue(ct.stdout().startsWith("application/json"), "an error is JSON: " + ct.stdout());
            assertTrue(d.networks().stream().map(NetworkView::name).noneMatch("st2"::equals), "no half-created st2");
        }
        finally
        {
            d.cliOk("rm", "-f", "st-s");
            d.cliOk("network", "rm", "st1");
        }
    }

    /** The shortest prefix of {@code id} (at least 3 characters) no other network's id starts with. */
    private static String uniquePrefix(final String id)
    {
        final List<String> others = d.networks().stream().map(NetworkView::id).filter(o -> !o.equals(id)).toList();
        for (int len = 3; ; len++)
        {
            final String p = id.substring(0, len);
            if (others.stream().noneMatch(o -> o.startsWith(p)))
            {
                return p;
            }
        }
    }

    /** {@code curl --unix-socket SOCKET -X METHOD [-d BODY] http://localhost/PATH}: {@code "STATUS BODY"}. */
    private static String status(final String method, final String path, final String body)
    {
        final List<String> cmd = new ArrayList<>(List.of("curl", "-s", "--unix-socket", d.socket().toString(), "-X", method,
            "-w", "\n%{http_code}"));
        if (body != null)
        {
            cmd.addAll(List.of("-H", "Content-Type: application/json", "-d", body));
        }
        cmd.add("http://localhost" + path);
        final String[] lines = d.host().execOk(cmd.toArray(String[]::new)).strip().split("\n");
        return lines[lines.length - 1] + " " + String.join("\n", List.of(lines).subList(0, lines.length - 1)).strip();
    }
}
