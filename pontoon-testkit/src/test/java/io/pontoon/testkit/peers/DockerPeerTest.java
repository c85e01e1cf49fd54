// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.peers;

import io.pontoon.testkit.Await;
import io.pontoon.testkit.Commands;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Privileged
class DockerPeerTest
{
    @Test
    @LabHosts(count = 2)
    void containersOnTheDefaultBridgePingEachOtherAndAPublishedPortAnswersAnotherHost(final Lab lab) throws Exception
    {
        final Lab.Host h1 = lab.host("h1");
        final Lab.Host h2 = lab.host("h2");
        final List<String> linksBefore = PeerAssertions.rootLinks();
        final DockerPeer docker = DockerPeer.start(h1);
        final List<Long> pids;
        try (docker)
        {
            System.out.println("[peer-timing] DockerPeer.start " + docker.startupTime().toMillis() + " ms");
            final long t0 = System.nanoTime();
            docker.importBusybox("pt-busybox");
            System.out.println("[peer-timing] DockerPeer.importBusybox " + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms");

            docker.dockerOk("run", "-d", "--name", "c1", "pt-busybox", "sleep", "600");
            docker.dockerOk("run", "-d", "--name", "c2", "pt-busybox", "sleep", "600");
            final String ip2 = docker.dockerOk("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "c2").trim();
            assertTrue(ip2.startsWith("10.200.255."), ip2);
            assertTrue(docker.docker("exec", "c1", "ping", "-c1", "-W2", ip2).ok(), "c1 cannot ping c2 at " + ip2);

            docker.dockerOk("run", "-d", "--name", "web", "-p", "8080:80", "pt-busybox", "httpd", "-f", "-p", "80");
            final String url = "http://" + h1.underlayIp() + ":8080/";
            Await.until("httpd behind " + url, Duration.ofSeconds(20), () -> h2.exec("curl", "-sS", "-m", "2", url).ok());
            assertEquals(BusyboxRootfs.INDEX_HTML, h2.execOk("curl", "-sS", "-m", "5", url));

            assertTrue(h1.execOk("ip", "-o", "-4", "addr", "show", "dev", "docker0").contains("10.200.255.1/24"));
            assertFalse(PeerAssertions.rootLinks().contains("docker0"), "docker0 appeared in the root namespace");
            assertNotEquals(PeerProcesses.mountNamespace(ProcessHandle.current().pid()), docker.mountNamespace());
            assertFalse(Files.readString(Path.of("/proc/mounts")).contains(docker.dataRoot().toString()),
                "dockerd's mounts are visible in the root mount namespace");
            pids = docker.pids();
            assertTrue(pids.size() >= 8, "dockerd, containerd, 3 shims, 3 containers, docker-proxy: " + pids);
            final long t1 = System.nanoTime();
            docker.close();
            System.out.println("[peer-timing] DockerPeer.close (3 running containers) " + Duration.ofNanos(System.nanoTime() - t1).toMillis() + " ms");
        }
        PeerAssertions.assertRemoved(docker.toString(), pids, docker.dir(), PeerCgroups.dirs(docker.cgroupName()), linksBefore);
        assertEquals(List.of(), PeerProcesses.pidsIn("mnt", docker.mountNamespace()));
    }

    @Test
    @LabHosts(count = 2)
    void eachDockerdSeesOnlyItsOwnPluginDirectory(final Lab lab) throws Exception
    {
        try (DockerPeer d1 = DockerPeer.start(lab.host("h1")); DockerPeer d2 = DockerPeer.start(lab.host("h2")))
        {
            System.out.println("[peer-timing] DockerPeer.start (two at once, second) " + d2.startupTime().toMillis() + " ms");
            Files.writeString(d1.pluginDir().resolve("only-d1.spec"), "unix:///nonexistent.sock\n");
            Files.writeString(d2.pluginDir().resolve("only-d2.spec"), "unix:///nonexistent.sock\n");
            assertEquals("only-d1.spec", pluginsSeenBy(d1, "/run/docker/plugins"));
            assertEquals("only-d1.spec", pluginsSeenBy(d1, "/etc/docker/plugins"));
            assertEquals("only-d2.spec", pluginsSeenBy(d2, "/run/docker/plugins"));
            assertFalse(Files.exists(Path.of("/run/docker/plugins/only-d1.spec")));

            try (FakeNetworkPlugin plugin = FakeNetworkPlugin.listen(d1.pluginDir().resolve("ptfake.sock")))
            {
                d1.dockerOk("network", "create", "-d", "ptfake", "--subnet", "10.201.77.0/24", "fakenet");
                assertTrue(plugin.calls().contains("/NetworkDriver.CreateNetwork"), plugin.calls().toString());
                d1.dockerOk("network", "rm", "fakenet");
                assertTrue(plugin.calls().contains("/NetworkDriver.DeleteNetwork"), plugin.calls().toString());
            }
        }
    }

    @Test
    @LabHosts(count = 1)
    void aSecondDockerdOnTheSameHostIsRefusedAndTheLabClosesAForgottenOne(final Lab lab)
    {
        final DockerPeer docker = DockerPeer.start(lab.host("h1"));
        assertThrows(IllegalStateException.class, () -> DockerPeer.start(lab.host("h1")));
        final List<Long> pids = docker.pids();
        final List<String> linksBefore = PeerAssertions.rootLinks();
        lab.close();
        assertTrue(docker.closed());
        PeerAssertions.assertRemoved(docker.toString(), pids, docker.dir(), PeerCgroups.dirs(docker.cgroupName()), linksBefore);
    }

    @Test
    @LabHosts(count = 1)
    void closeRemovesContainersShimsAndMountsAfterDockerdAndContainerdWereKilled(final Lab lab) throws Exception
    {
        final List<String> linksBefore = PeerAssertions.rootLinks();
        final DockerPeer docker = DockerPeer.start(lab.host("h1"));
        docker.importBusybox("pt-busybox");
        docker.dockerOk("run", "-d", "--name", "c1", "pt-busybox", "sleep", "600");
        docker.dockerOk("run", "-d", "--name", "web", "-p", "8080:80", "pt-busybox", "httpd", "-f", "-p", "80");
        final String sandbox = docker.dockerOk("inspect", "-f", "{{.NetworkSettings.SandboxKey}}", "c1").trim();
        assertTrue(sandbox.startsWith(docker.execRoot().resolve("netns").toString()), sandbox);
        final List<Long> pids = docker.pids();
        for (final long pid : pids)
        {
            final String comm = Files.readString(Path.of("/proc/" + pid + "/comm")).trim();
            if (comm.equals("dockerd") || comm.equals("containerd"))
            {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        Await.until("dockerd gone", Duration.ofSeconds(10), () -> !Commands.running(docker.pid()));
        assertTrue(docker.pids().size() >= 4, "shims and containers outlive dockerd: " + docker.pids());
        docker.close();
        PeerAssertions.assertRemoved(docker.toString(), pids, docker.dir(), PeerCgroups.dirs(docker.cgroupName()), linksBefore);
        assertEquals(List.of(), PeerProcesses.pidsIn("mnt", docker.mountNamespace()));
    }

    @Test
    @LabHosts(count = 1)
    void dockerdRestartsOnTheSameStateWithLiveRestoreAndCloseStillRemovesEverything(final Lab lab) throws Exception
    {
        final List<String> linksBefore = PeerAssertions.rootLinks();
        final DockerPeer docker = DockerPeer.start(lab.host("h1"), DockerOptions.defaults().withLiveRestore(true));
        docker.importBusybox("pt-busybox");
        docker.dockerOk("run", "-d", "--name", "c1", "pt-busybox", "sleep", "600");
        final String c1 = docker.dockerOk("inspect", "-f", "{{.State.Pid}}", "c1").trim();
        final String ns = docker.mountNamespace();
        final long first = docker.pid();
        docker.stopDockerd();
        assertFalse(docker.dockerdRunning());
        assertTrue(Commands.running(Long.parseLong(c1)), "live-restore keeps c1 running while dockerd is stopped");
        docker.startDockerd();
        assertNotEquals(first, docker.pid());
        assertEquals(ns, docker.mountNamespace(), "dockerd came back in the mount namespace containerd holds");
        assertEquals(c1, docker.dockerOk("inspect", "-f", "{{.State.Pid}}", "c1").trim(), "the same c1 process");
        docker.killDockerd();
        docker.startDockerd();
        docker.dockerOk("exec", "c1", "true");
        docker.dockerOk("run", "-d", "--name", "c2", "pt-busybox", "sleep", "600");
        assertTrue(docker.log().contains("--- dockerd incarnation 3 ---"), docker.log());
        final List<Long> pids = docker.pids();
        docker.stopDockerd();
        docker.close();
        PeerAssertions.assertRemoved(docker.toString(), pids, docker.dir(), PeerCgroups.dirs(docker.cgroupName()), linksBefore);
        assertEquals(List.of(), PeerProcesses.pidsIn("mnt", ns));
    }

    /** {@code ls DIR} in dockerd's mount namespace. */
    private static String pluginsSeenBy(final DockerPeer d, final String dir)
    {
        return d.host().execOk("nsenter", "--mount=/proc/" + d.pid() + "/ns/mnt", "ls", dir).trim();
    }
}
