// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it.cni;

import io.pontoon.api.json.JsonObject;
import io.pontoon.testkit.Await;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.Spawned;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static io.pontoon.it.cni.CniExec.env;
import static io.pontoon.it.cni.CniExec.pontoon;
import static io.pontoon.it.cni.CniExec.pontoonOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pontoon-cni's failures against a real daemon: CNI error objects with the spec's codes, a
 * failed ADD that leaves nothing behind (no link, no address, no published port), and STATUS,
 * ADD and DEL while the daemon is down and after it comes back.
 */
@Privileged
@LabHosts(count = 1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CniErrorsIT
{
    private static final String GW = "10.232.0.1";
    private static CniNet net;

    @BeforeAll
    static void daemon(final Lab lab) throws Exception
    {
        net = CniNet.create(CniDaemon.start(lab.host("h1")), "enet", "10.232.0.0/24");
    }

    private static Lab.Host h1()
    {
        return net.daemon().host();
    }

    /** Runs ADD expecting failure; asserts the error object's shape and returns its code. */
    private static long failedAdd(final Map<String, String> env, final String stdin)
    {
        final CniExec.Out o = pontoon(h1(), env, stdin);
        assertEquals(1, o.exit(), o.describe());
        final JsonObject e = o.json();
        assertTrue(e.has("cniVersion") && e.has("msg") && e.has("code"), o.describe());
        return e.integer("code", -1);
    }

    @Test
    @Order(1)
    void badRequestsGetTheSpecErrorCodes(final Lab lab)
    {
        try (ContainerNs ns = ContainerNs.create(lab))
        {
            final HostState before = HostState.of(net.daemon());
            final Map<String, String> add = env("ADD", "err1", ns.path().toString(), "eth0");
            assertEquals(7, failedAdd(add, net.conf("1.0.0", "network", "nosuchnet")), "unknown network");
            assertEquals(6, failedAdd(add, "{\"cniVersion\": \"1.0.0\", "), "bad JSON");
            assertEquals(6, failedAdd(add, "[]"), "not an object");
            assertEquals(1, failedAdd(add, net.conf("0.3.1")), "unsupported version");
            assertEquals(1, failedAdd(add, "{\"name\": \"enet\", \"type\": \"pontoon\"}"), "no cniVersion means 0.1.0");
            assertEquals(2, failedAdd(add, net.conf("1.0.0", "ipam", Map.of("type", "host-local"))), "ipam is the daemon's");
            assertEquals(4, failedAdd(env("ADD", "", ns.path().toString(), "eth0"), net.conf("1.0.0")), "no CNI_CONTAINERID");
            assertEquals(4, failedAdd(env("ADD", "err1", "", "eth0"), net.conf("1.0.0")), "no CNI_NETNS");
            assertEquals(4, failedAdd(env("ADD", "err1", ns.path().toString(), ""), net.conf("1.0.0")), "no CNI_IFNAME");
            assertEquals(4, failedAdd(env("FROB", "err1", ns.path().toString(), "eth0"), net.conf("1.0.0")), "unknown command");
            assertEquals(3, failedAdd(env("ADD", "err1", "/run/netns/ptc-no-such-ns", "eth0"), net.conf("1.0.0")),
                "namespace missing");
            // requested addresses the network cannot give: an error, never some other address
            assertEquals(7, failedAdd(add, net.confWithRuntime("1.0.0", "ips", List.of("10.99.0.5"))), "outside the subnet");
            assertEquals(2, failedAdd(add, net.confWithRuntime("1.0.0", "ips", List.of("fd00::9/64"))), "IPv6 on an IPv4 net");
            assertEquals(2, failedAdd(add, net.confWithRuntime("1.0.0", "ips", List.of("10.232.0.30", "10.232.0.31"))),
                "two IPv4 addresses for one interface");
            assertEquals("1.0.0", pontoon(h1(), add, net.conf("1.0.0", "network", "nosuchnet")).json().string("cniVersion"));
            assertEquals(List.of("0.4.0", "1.0.0", "1.1.0"),
                pontoonOk(h1(), env("VERSION", "", "", ""), "{\"cniVersion\":\"1.0.0\"}").strings("supportedVersions"));
            assertEquals("", ns.ip("-o", "link").replaceAll("(?m)^\\d+: lo:.*\\n?", ""), "nothing created");
            assertTrue(net.endpointAddresses().isEmpty(), net.endpointAddresses().toString());
            before.assertSameAs(net.daemon(), "by refused ADDs");
        }
    }

    @Test
    @Order(2)
    void conflictsAndFailedAddsLeaveNothingBehind(final Lab lab)
    {
        try (ContainerNs a = ContainerNs.create(lab); ContainerNs b = ContainerNs.create(lab))
        {
            final Map<String, String> addA = env("ADD", "cfa", a.path().toString(), "eth0");
            final Map<String, String> addB = env("ADD", "cfb", b.path().toString(), "eth0");
            final JsonObject resultA = pontoonOk(h1(), addA, net.confWithRuntime("1.0.0", "ips", List.of("10.232.0.20"),
                "portMappings", List.of(CniNet.port(8100, 80))));
            final String macA = resultA.objects("interfaces").stream().filter(i -> "eth0".equals(i.string("name")))
                .findFirst().orElseThrow().string("mac");
            final List<String> veths = net.hostVeths();
            final List<String> addresses = net.endpointAddresses();
            assertEquals(List.of("10.232.0.20/24"), addresses);
            final HostState before = HostState.of(net.daemon());

            // the address, the host port, and (container, ifname) are taken: 100, nothing made
            assertEquals(100, failedAdd(addB, net.confWithRuntime("1.0.0", "ips", List.of("10.232.0.20"))), "ips conflict");
            assertEquals(100, failedAdd(addB, net.confWithRuntime("1.0.0", "ips", List.of("10.232.0.21"),
                "portMappings", List.of(CniNet.port(8100, 81)))), "host port conflict");
            assertEquals(100, failedAdd(env("ADD", "cfa", b.path().toString(), "eth0"), net.conf("1.0.0")), "second ADD");
            assertEquals(100, failedAdd(addB, net.confWithRuntime("1.0.0", "mac", macA)), "MAC in use on the network");
            b.ip("link", "add", "eth0", "type", "veth", "peer", "name", "ptpeer0");
            assertEquals(100, failedAdd(addB, net.conf("1.0.0")), "CNI_IFNAME exists in the namespace");
            b.ip("link", "del", "eth0");
            // the kernel refuses an all-zero MAC after the address and port are reserved
            final CniExec.Out zero = pontoon(h1(), addB, net.confWithRuntime("1.0.0", "ips", List.of("10.232.0.22"),
                "mac", "00:00:00:00:00:00", "portMappings", List.of(CniNet.port(8101, 80))));
            assertTrue(zero.exit() != 0, zero.describe());
            before.assertSameAs(net.daemon(), "by failed ADDs");

            assertEquals(veths, net.hostVeths(), "no new host veth");
            assertEquals(addresses, net.endpointAddresses(), "no new address allocation");
            assertFalse(net.publishedPorts().contains("8101"), net.publishedPorts());
            assertTrue(net.publishedPorts().contains("tcp . 8100 : 10.232.0.20 . 80"), net.publishedPorts());
            assertEquals("", b.ip("-o", "link").replaceAll("(?m)^\\d+: lo:.*\\n?", ""), "nothing in the namespace");
            assertTrue(a.exec("ping", "-c1", "-W2", GW).ok(), "the first container is unharmed");

            // what the failed ADDs asked for is free: the same request now succeeds
            final JsonObject ok = pontoonOk(h1(), addB, net.confWithRuntime("1.0.0", "ips", List.of("10.232.0.22"),
                "portMappings", List.of(CniNet.port(8101, 80))));
            assertEquals("10.232.0.22/24", ok.objects("ips").get(0).string("address"));
            pontoonOk(h1(), env("DEL", "cfb", b.path().toString(), "eth0"), net.conf("1.0.0"));
            pontoonOk(h1(), env("DEL", "cfa", a.path().toString(), "eth0"), net.conf("1.0.0"));
            assertTrue(net.endpointAddresses().isEmpty());
            assertFalse(net.publishedPorts().contains("810"), net.publishedPorts());
        }
    }

    @Test
    @Order(4)
    void addIntoTheDaemonsOwnNamespaceIsRefusedWith102()
    {
        final HostState before = HostState.of(net.daemon());
        // the lab host's pinned namespace, and /proc/self/ns/net, which the daemon opens as its own
        for (final String own : List.of(h1().nsPath().toString(), "/proc/self/ns/net"))
        {
            final CniExec.Out o = pontoon(h1(), env("ADD", "own1", own, "eth0"), net.confWithRuntime("1.0.0",
                "portMappings", List.of(CniNet.port(8103, 80))));
            assertEquals(1, o.exit(), o.describe());
            assertEquals(102, o.code(), o.describe());
            assertTrue(o.json().string("msg").contains("own network namespace"), o.describe());
        }
        before.assertSameAs(net.daemon(), "by ADDs into the daemon's own namespace");
        assertTrue(net.endpointAddresses().isEmpty(), net.endpointAddresses().toString());
    }

    @Test
    @Order(5)
    void aHostPortThatAProcessListensOnIsRefusedWith100(final Lab lab)
    {
        final Spawned listener = h1().spawn("busybox", "nc", "-l", "-p", "8104");
        try (ContainerNs ns = ContainerNs.create(lab))
        {
            Await.until("nc listening on 8104 in h1", Duration.ofSeconds(10),
                () -> h1().execOk("ss", "-Hltn", "sport = :8104").contains("8104"));
            final HostState before = HostState.of(net.daemon());
            final Map<String, String> add = env("ADD", "lst1", ns.path().toString(), "eth0");
            final CniExec.Out o = pontoon(h1(), add, net.confWithRuntime("1.0.0", "portMappings", List.of(CniNet.port(8104, 80))));
            assertEquals(100, o.code(), o.describe());
            assertTrue(o.json().string("msg").contains("8104"), o.describe());
            before.assertSameAs(net.daemon(), "by an ADD refused for a host port in use");
            assertEquals("", ns.ip("-o", "link").replaceAll("(?m)^\\d+: lo:.*\\n?", ""));
            assertTrue(listener.alive(), "the listener keeps its port");

            listener.kill();
            Await.until("nc gone from 8104", Duration.ofSeconds(10),
                () -> !h1().execOk("ss", "-Hltn", "sport = :8104").contains("8104"));
            pontoonOk(h1(), add, net.confWithRuntime("1.0.0", "portMappings", List.of(CniNet.port(8104, 80))));
            assertTrue(net.publishedPorts().contains("8104"), net.publishedPorts());
            pontoonOk(h1(), env("DEL", "lst1", ns.path().toString(), "eth0"), net.conf("1.0.0"));
            before.assertSameAs(net.daemon(), "after ADD and DEL");
        }
        finally
        {
            listener.kill();
        }
    }

    @Test
    @Order(6)
    void anAddThatFailsAfterTheVethExistsUndoesEverythingAndARetrySucceeds(final Lab lab)
    {
        try (ContainerNs ns = ContainerNs.create(lab))
        {
            // the container's own policy routing forbids reaching the gateway: the kernel refuses the
            // default route, which the daemon adds after the veth, the address and the link-up
            ns.ip("rule", "add", "pref", "10", "to", GW, "prohibit");
            final HostState before = HostState.of(net.daemon());
            final Map<String, String> add = env("ADD", "half1", ns.path().toString(), "eth0");
            final String conf = net.confWithRuntime("1.0.0", "ips", List.of("10.232.0.40"),
                "portMappings", List.of(CniNet.port(8105, 80)));
            final CniExec.Out o = pontoon(h1(), add, conf);
            assertEquals(1, o.exit(), o.describe());
            assertTrue(o.json().string("msg").toLowerCase(java.util.Locale.ROOT).contains("route"), o.describe());
            before.assertSameAs(net.daemon(), "by an ADD that failed after creating the veth");
            assertEquals("", ns.ip("-o", "link").replaceAll("(?m)^\\d+: lo:.*\\n?", ""), "no eth0 left in the container");
            assertFalse(net.endpointAddresses().contains("10.232.0.40/24"));

            ns.ip("rule", "del", "pref", "10");
            final JsonObject r = pontoonOk(h1(), add, conf);
            assertEquals("10.232.0.40/24", r.objects("ips").get(0).string("address"), "the same address is free again");
            assertTrue(net.publishedPorts().contains("tcp . 8105 : 10.232.0.40 . 80"), net.publishedPorts());
            assertTrue(ns.exec("ping", "-c1", "-W2", GW).ok());
            pontoonOk(h1(), env("DEL", "half1", ns.path().toString(), "eth0"), net.conf("1.0.0"));
            before.assertSameAs(net.daemon(), "after the retried ADD and its DEL");
        }
    }

    @Test
    @Order(3)
    void statusAddAndDelFollowTheDaemon(final Lab lab) throws Exception
    {
        final Map<String, String> status = env("STATUS", "", "", "");
        pontoonOk(h1(), status, net.conf("1.1.0"));
        assertEquals(1, pontoon(h1(), status, net.conf("1.0.0")).code(), "STATUS needs a 1.1.0 config");
        assertEquals(50, pontoon(h1(), status, net.conf("1.1.0", "network", "nosuchnet")).code());
        try (ContainerNs a = ContainerNs.create(lab); ContainerNs b = ContainerNs.create(lab))
        {
            final JsonObject r = pontoonOk(h1(), env("ADD", "st1", a.path().toString(), "eth0"),
                net.confWithRuntime("1.1.0", "portMappings", List.of(CniNet.port(8102, 80))));
            final String withPrev = net.conf("1.1.0", "prevResult", r.map());
            final List<String> veths = net.hostVeths();
            r.objects("interfaces").forEach(i -> veths.remove(i.string("name")));

            net.daemon().stop();
            assertEquals(50, pontoon(h1(), status, net.conf("1.1.0")).code(), "STATUS with the daemon down");
            assertEquals(11, failedAdd(env("ADD", "st2", b.path().toString(), "eth0"), net.conf("1.1.0")), "ADD, daemon down");
            assertEquals(11, pontoon(h1(), env("CHECK", "st1", a.path().toString(), "eth0"), withPrev).code());
            assertEquals(11, pontoon(h1(), env("DEL", "st1", a.path().toString(), "eth0"), net.conf("1.1.0")).code(),
                "DEL must not claim success when nothing was released");
            // errors found without the daemon are the same on both transports: the curl transport
            // hands an unreachable daemon's call back to the JVM plugin
            assertEquals(6, pontoon(h1(), env("ADD", "st2", b.path().toString(), "eth0"),
                "{\"cniVersion\": \"1.1.0\", \"name\": }").code(), "malformed JSON, daemon down");
            assertEquals(4, pontoon(h1(), env("ADD", "st2", b.path().toString(), "eth/0"), net.conf("1.1.0")).code(),
                "bad CNI_IFNAME, daemon down");
            assertTrue(a.exec("ping", "-c1", "-W2", GW).ok(), "traffic goes on while the daemon is down");
            assertEquals("", b.ip("-o", "link").replaceAll("(?m)^\\d+: lo:.*\\n?", ""));

            net.daemon().startAgain();
            pontoonOk(h1(), status, net.conf("1.1.0"));
            // the restarted daemon still holds st1's address
            assertEquals(100, failedAdd(env("ADD", "st3", b.path().toString(), "eth0"), net.confWithRuntime("1.1.0",
                "ips", List.of(r.objects("ips").get(0).string("address")))), "address of st1 after the restart");
            pontoonOk(h1(), env("CHECK", "st1", a.path().toString(), "eth0"), withPrev);
            assertTrue(net.publishedPorts().contains("8102"), net.publishedPorts());
            pontoonOk(h1(), env("DEL", "st1", a.path().toString(), "eth0"), net.conf("1.1.0"));
            assertFalse(net.endpointAddresses().contains(r.objects("ips").get(0).string("address")));
            assertEquals(veths, net.hostVeths());
            assertFalse(net.publishedPorts().contains("8102"), net.publishedPorts());
        }
    }
}
