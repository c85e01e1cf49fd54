// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.cni;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.pontoon.api.cni.CniReply;
import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ADD: request sent to the daemon, and the result in each CNI version, alone and chained. */
class CniAddTest
{
    @TempDir
    Path dir;

    @Test
    void addProduces110ResultWithMtuAndSandbox() throws Exception
    {
        try (CniHarness h = new CniHarness(dir, CniHarness.happy()))
        {
            final CniHarness.Outcome o = h.run("ADD", h.config("1.1.0", ""));
            assertEquals(0, o.rc(), o.stdout());
            final JsonObject r = o.json();
            assertEquals("1.1.0", r.string("cniVersion"));
            final List<JsonObject> ifs = r.objects("interfaces");
            assertEquals(List.of("pnt0", "veth1a2b3c4d", "eth0"), ifs.stream().map(i -> i.string("name")).toList());
            assertEquals("/var/run/netns/pontoon-training", ifs.get(2).string("sandbox"));
            assertEquals("02:42:0a:4d:00:05", ifs.get(2).string("mac"));
            assertEquals(1500L, ifs.get(2).integer("mtu", 0));
            assertNull(ifs.get(0).string("sandbox"));
            final JsonObject ip = r.objects("ips").get(0);
            assertEquals(Map.of("address", "10.77.0.5/16", "gateway", "10.77.0.1", "interface", 2L), ip.map());
            assertEquals(List.of(Map.of("dst", "0.0.0.0/0", "gw", "10.77.0.1")), r.array("routes"));
            assertEquals(List.of("10.77.0.1"), r.object("dns").strings("nameservers"));
        }
    }

    @Test
    void addProduces100ResultWithoutMtuOrIpVersion() throws Exception
    {
        try (CniHarness h = new CniHarness(dir, CniHarness.happy()))
        {
            final JsonObject r = h.run("ADD", h.config("1.0.0", "")).json();
            assertEquals("1.0.0", r.string("cniVersion"));
            for (final JsonObject i : r.objects("interfaces"))
            {
                assertFalse(i.has("mtu"), i.toString());
            }
            assertFalse(r.objects("ips").get(0).has("version"));
            assertEquals(2L, r.objects("ips").get(0).integer("interface", -1));
        }
    }

    @Test
    void addProduces040ResultWithIpVersion() throws Exception
    {
        final CniReply dual = new CniReply(
            List.of(new CniReply.Interface("eth0", "02:42:0a:4d:00:05", null, 0)),
            List.of(new CniReply.Ip("10.77.0.5/16", "10.77.0.1", null), new CniReply.Ip("fd00:77::5/64", null, 0)),
            List.of(), null);
        try (CniHarness h = new CniHarness(dir, r -> StubDaemon.Reply.json(200, dual.toJson())))
        {
            final JsonObject r = h.run("ADD", h.config("0.4.0", "")).json();
            assertEquals("0.4.0", r.string("cniVersion"));
            final List<JsonObject> ips = r.objects("ips");
            assertEquals("4", ips.get(0).string("version"));
            assertEquals("6", ips.get(1).string("version"));
            assertEquals(0L, ips.get(0).integer("interface", -1), "missing index points at CNI_IFNAME");
            // the daemon left sandbox out: the plugin fills in CNI_NETNS for the container interface
            assertEquals("/var/run/netns/pontoon-training", r.objects("interfaces").get(0).string("sandbox"));
            assertFalse(r.has("routes"));
            assertEquals(Map.of(), r.object("dns").map());
        }
    }

    @Test
    void chainedAddKeepsPrevResultAndShiftsIndices() throws Exception
    {
        final String prev = "\"prevResult\":{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"macv0\","
            + "\"mac\":\"02:00:00:00:00:09\",\"sandbox\":\"/var/run/netns/x\"}],\"ips\":[{\"address\":\"192.0.2.9/24\","
            + "\"interface\":0}],\"routes\":[{\"dst\":\"192.0.2.0/24\"}],\"dns\":{\"nameservers\":[\"192.0.2.53\"],"
            + "\"search\":[\"example\"]},\"custom\":\"kept\"}";
        try (CniHarness h = new CniHarness(dir, CniHarness.happy()))
        {
            final CniHarness.Outcome o = h.run("ADD", h.config("1.0.0", prev));
            assertEquals(0, o.rc(), o.stdout());
            final JsonObject r = o.json();
            final List<JsonObject> ifs = r.objects("interfaces");
            assertEquals(4, ifs.size());
            assertEquals("macv0", ifs.get(0).string("name"));
            final List<JsonObject> ips = r.objects("ips");
            assertEquals(0L, ips.get(0).integer("interface", -1));
            assertEquals("10.77.0.5/16", ips.get(1).string("address"));
            assertEquals(3L, ips.get(1).integer("interface", -1), "our index shifted past prevResult's interfaces");
            assertEquals("eth0", ifs.get(3).string("name"));
            assertEquals(2, r.array("routes").size());
            assertEquals(List.of("192.0.2.53", "10.77.0.1"), r.object("dns").strings("nameservers"));
            assertEquals(List.of("example"), r.object("dns").strings("search"));
            assertEquals("kept", r.string("custom"));
            // a later plugin can use the result as its prevResult
            final CniHarness.Outcome next = h.run("CHECK", h.config("1.0.0", "\"prevResult\":" + o.stdout()));
            assertEquals(0, next.rc(), next.stdout());
        }
    }

    @Test
    void chainedAddAt040KeepsIpVersionOnEveryEntry() throws Exception
    {
        // what a 0.4.0 plugin before us (e.g. a macvlan with host-local) prints: ips[] carry "version"
        final String prev = "\"prevResult\":{\"cniVersion\":\"0.4.0\",\"interfaces\":[{\"name\":\"lo\","
            + "\"mac\":\"00:00:00:00:00:00\",\"sandbox\":\"/var/run/netns/x\"},{\"name\":\"macv0\","
            + "\"mac\":\"02:00:00:00:00:09\",\"sandbox\":\"/var/run/netns/x\"}],\"ips\":[{\"version\":\"4\","
            + "\"address\":\"127.0.0.1/8\",\"interface\":0},{\"version\":\"6\",\"address\":\"fd00:9::9/64\","
            + "\"gateway\":\"fd00:9::1\",\"interface\":1}],\"dns\":{}}";
        try (CniHarness h = new CniHarness(dir, CniHarness.happy()))
        {
            final CniHarness.Outcome o = h.run("ADD", h.config("0.4.0", prev));
            assertEquals(0, o.rc(), o.stdout());
            final JsonObject r = o.json();
            assertEquals("0.4.0", r.string("cniVersion"));
            assertEquals(List.of("lo", "macv0", "pnt0", "veth1a2b3c4d", "eth0"),
                r.objects("interfaces").stream().map(i -> i.string("name")).toList());
            r.objects("interfaces").forEach(i -> assertFalse(i.has("mtu"), "no mtu below 1.1.0: " + i));
            final List<JsonObject> ips = r.objects("ips");
            assertEquals(List.of("4", "6", "4"), ips.stream().map(i -> i.string("version")).toList(), o.stdout());
            assertEquals(List.of(0L, 1L, 4L), ips.stream().map(i -> i.integer("interface", -1)).toList(),
                "prevResult's indices kept, ours shifted past its two interfaces");
            assertEquals("10.77.0.5/16", ips.get(2).string("address"));
            assertEquals("fd00:9::1", ips.get(1).string("gateway"));
            // the merged result is a valid 0.4.0 prevResult for the next plugin, and for our CHECK
            final CniHarness.Outcome check = h.run("CHECK", h.config("0.4.0", "\"prevResult\":" + o.stdout()));
            assertEquals(0, check.rc(), check.stdout());
        }
    }

    @Test
    void chainedAddAt110KeepsPrevEntriesAndAddsMtuOnlyToOurs() throws Exception
    {
        final String prev = "\"prevResult\":{\"cniVersion\":\"1.1.0\",\"interfaces\":[{\"name\":\"lo\","
            + "\"mac\":\"00:00:00:00:00:00\",\"mtu\":65536,\"sandbox\":\"/var/run/netns/x\"}],\"ips\":[{"
            + "\"address\":\"127.0.0.1/8\",\"interface\":0}],\"routes\":[{\"dst\":\"127.0.0.0/8\",\"scope\":254}]}";
        try (CniHarness h = new CniHarness(dir, CniHarness.happy()))
        {
            final CniHarness.Outcome o = h.run("ADD", h.config("1.1.0", prev));
            assertEquals(0, o.rc(), o.stdout());
            final JsonObject r = o.json();
            final List<JsonObject> ifs = r.objects("interfaces");
            assertEquals(List.of(65536L, 1500L, 1500L, 1500L), ifs.stream().map(i -> i.integer("mtu", -1)).toList());
            final List<JsonObject> ips = r.objects("ips");
            assertEquals(List.of(0L, 3L), ips.stream().map(i -> i.integer("interface", -1)).toList());
            ips.forEach(i -> assertFalse(i.has("version"), "no ips[].version since 1.0.0: " + i));
            assertEquals(Map.of("dst", "127.0.0.0/8", "scope", 254L), r.array("routes").get(0), "1.1.0 route keys kept");
            assertEquals(2, r.array("routes").size());
        }
    }

        @Test
    void capabilitiesAndArgsReachTheDaemon() throws Exception
    {
        final String rc = "\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":8080,\"containerPort\":80,"
            + "\"protocol\":\"TCP\",\"hostIP\":\"0.0.0.0\"},{\"hostPort\":5353,\"containerPort\":53,\"protocol\":\"udp\"}],"
            + "\"ips\":[\"10.77.0.9/16\",\"fd00:77::9\"],\"mac\":\"c2:11:22:33:44:55\"}";
        try (CniHarness h = new CniHarness(dir, CniHarness.happy()))
        {
            final Map<String, String> env = CniHarness.env("ADD");
            env.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web;X=a=b");
            assertEquals(0, CniHarness.run(env, h.config("1.1.0", rc + ",\"network\":\"backend\"")).rc());
            final StubDaemon.Request req = h.daemon.single();
            assertEquals("POST", req.method());
            assertEquals("/v1/cni/add", req.target());
            final JsonObject b = req.json();
            assertEquals("c0ffee", b.string("ContainerId"));
            assertEquals("/var/run/netns/pontoon-training", b.string("Netns"));
            assertEquals("eth0", b.string("IfName"));
            assertEquals("backend", b.string("Network"), "config 'network' wins over 'name'");
            assertEquals(Map.of("K8S_POD_NAMESPACE", "default", "K8S_POD_NAME", "web", "X", "a=b"), b.stringMap("Args"));
            assertEquals(List.of(Map.of("hostPort", 8080L, "containerPort", 80L, "protocol", "tcp", "hostIP", "0.0.0.0"),
                Map.of("hostPort", 5353L, "containerPort", 53L, "protocol", "udp")), b.array("PortMappings"));
            assertEquals(List.of("10.77.0.9/16", "fd00:77::9"), b.strings("Ips"));
            assertEquals("c2:11:22:33:44:55", b.string("Mac"));
            assertFalse(b.has("ValidAttachments"));
        }
    }

    @Test
    void podmanStyleCniArgsAndArgsCniAreHonoured() throws Exception
    {
        try (CniHarness h = new CniHarness(dir, CniHarness.happy()))
        {
            final Map<String, String> env = CniHarness.env("ADD");
            env.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAME=web;MAC=c2:00:00:00:00:01;IP=10.77.0.20");
            assertEquals(0, CniHarness.run(env, h.config("1.0.0", "")).rc());
            JsonObject b = h.daemon.requests().get(0).json();
            assertEquals(List.of("10.77.0.20"), b.strings("Ips"));
            assertEquals("c2:00:00:00:00:01", b.string("Mac"));
            assertEquals(0, CniHarness.run(env, h.config("1.0.0",
                "\"args\":{\"cni\":{\"ips\":[\"10.77.0.21/16\"],\"mac\":\"c2:00:00:00:00:02\"}}")).rc());
            b = h.daemon.requests().get(1).json();
            assertEquals(List.of("10.77.0.21/16"), b.strings("Ips"), "args.cni beats CNI_ARGS");
            assertEquals("c2:00:00:00:00:02", b.string("Mac"));
        }
    }

    @Test
    void chunkedDaemonReplyIsDecoded() throws Exception
    {
        try (CniHarness h = new CniHarness(dir,
            r -> new StubDaemon.Reply(200, Json.write(CniTraining.sampleReply().toJson()), true)))
        {
            final CniHarness.Outcome o = h.run("ADD", h.config("1.1.0", ""));
            assertEquals(0, o.rc(), o.stdout());
            assertEquals(3, o.json().objects("interfaces").size());
        }
    }

    @Test
    void invalidDaemonResultIsAnInternalError() throws Exception
    {
        final CniReply noIf = new CniReply(List.of(new CniReply.Interface("eth9", "02:00:00:00:00:01", null, 0)),
            List.of(), List.of(), null);
        final CniReply badIdx = new CniReply(List.of(new CniReply.Interface("eth0", "02:00:00:00:00:01", null, 0)),
            List.of(new CniReply.Ip("10.0.0.2/24", null, 5)), List.of(), null);
        final CniReply noMac = new CniReply(List.of(new CniReply.Interface("eth0", null, "/x", 0)),
            List.of(), List.of(), null);
        for (final CniReply bad : List.of(noIf, badIdx, noMac))
        {
            try (CniHarness h = new CniHarness(dir, r -> StubDaemon.Reply.json(200, bad.toJson())))
            {
                final CniHarness.Outcome o = h.run("ADD", h.config("1.1.0", ""));
                assertEquals(999, o.errorCode(), o.stdout());
                assertTrue(o.json().string("msg").contains("invalid result"), o.stdout());
            }
        }
        try (CniHarness h = new CniHarness(dir, r -> new StubDaemon.Reply(200, "<html>", false)))
        {
            assertEquals(999, h.run("ADD", h.config("1.1.0", "")).errorCode());
        }
    }
}
