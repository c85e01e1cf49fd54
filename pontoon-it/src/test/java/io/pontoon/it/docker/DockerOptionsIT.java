// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it.docker;

import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.daemon.PontoonDaemon;
import io.pontoon.testkit.peers.DockerPeer;

import org.junit.jupiter.api.Test;

import static io.pontoon.it.docker.DockerChecks.IMAGE;
import static io.pontoon.it.docker.DockerChecks.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code docker network create -d pontoon} with the options Docker users give its bridge driver:
 * {@code --subnet/--gateway/--ip-range}, {@code --internal}, {@code --ip}, the MTU and ICC
 * options, and one container on two pontoon networks — each checked inside the containers and
 * by traffic, and through {@code pontoon network inspect}.
 */
@Privileged
@LabHosts(count = 2)
class DockerOptionsIT
{
    @Test
    void dockersNetworkOptionsWorkOnPontoonNetworks(final Lab lab) throws Exception
    {
        final Lab.Host h1 = lab.hosts().get(0);
        final Lab.Host h2 = lab.hosts().get(1);
        try (DockerPeer docker = DockerPeer.start(h1);
             PontoonDaemon pontoon = PontoonDaemon.start(h1, "--docker-plugin", "on", "--docker-plugin-dir",
                 docker.pluginDir().toString()))
        {
            try
            {
                check(docker, pontoon, h2);
            }
            finally
            {
                // while Pontoon still answers dockerd's Leave and DeleteEndpoint calls
                docker.docker("rm", "-f", "o1", "o2", "i1", "i2", "e1");
            }
        }
    }

    private static void check(final DockerPeer docker, final PontoonDaemon pontoon, final Lab.Host h2) throws Exception
    {
        docker.importBusybox(IMAGE);
        // subnet, gateway, ip-range, MTU and ICC off, with Pontoon's IPAM
        docker.dockerOk("network", "create", "-d", "pontoon", "--ipam-driver", "pontoon", "--subnet", "10.214.0.0/24",
            "--gateway", "10.214.0.254", "--ip-range", "10.214.0.128/25", "-o", "com.docker.network.driver.mtu=1400",
            "-o", "com.docker.network.bridge.enable_icc=false", "-o", "pontoon.name=opt1", "opt1");
        docker.dockerOk("run", "-d", "--name", "o1", "--network", "opt1", IMAGE, "sleep", "3600");
        docker.dockerOk("run", "-d", "--name", "o2", "--network", "opt1", "--ip", "10.214.0.7", IMAGE, "sleep", "3600");
        final String o1 = ip(docker, "o1", "opt1");
        assertTrue(o1.startsWith("10.214.0.") && Integer.parseInt(o1.substring(o1.lastIndexOf('.') + 1)) >= 128, o1);
        assertEquals("10.214.0.7", ip(docker, "o2", "opt1"), "--ip outside the ip-range but inside the subnet");
        final String route = docker.dockerOk("exec", "o1", "ip", "route", "show", "default");
        assertTrue(route.contains("via 10.214.0.254"), route);
        final String link = docker.dockerOk("exec", "o1", "ip", "link", "show", "eth0");
        assertTrue(link.contains("mtu 1400"), link);
        assertTrue(docker.docker("exec", "o1", "ping", "-c1", "-W2", "10.214.0.254").ok(), "the gateway answers");
        assertFalse(docker.docker("exec", "o1", "ping", "-c1", "-W1", "10.214.0.7").ok(), "enable_icc=false: o1 -/-> o2");
        final String inspect = pontoon.cliOk("network", "inspect", "opt1");
        assertTrue(inspect.contains("10.214.0.254") && inspect.contains("10.214.0.128/25")
            && inspect.contains("\"com.docker.network.driver.mtu\": \"1400\""), inspect);

        // --internal: no way out, but the containers on it reach each other
        docker.dockerOk("network", "create", "-d", "pontoon", "--internal", "--subnet", "10.215.0.0/24", "int1");
        docker.dockerOk("run", "-d", "--name", "i1", "--network", "int1", IMAGE, "sleep", "3600");
        docker.dockerOk("run", "-d", "--name", "i2", "--network", "int1", IMAGE, "sleep", "3600");
        assertTrue(docker.docker("exec", "i1", "ping", "-c1", "-W2", ip(docker, "i2", "int1")).ok(), "i1 -> i2");
        final ExecResult out = docker.docker("exec", "i1", "ping", "-c1", "-W1", h2.underlayIp());
        assertFalse(out.ok(), "an internal network reaches no other host: " + out.describe());
        docker.dockerOk("run", "-d", "--name", "e1", "--network", "opt1", IMAGE, "sleep", "3600");
        assertTrue(docker.docker("exec", "e1", "ping", "-c1", "-W2", h2.underlayIp()).ok(), "a normal network does");

        // one container on two pontoon networks: an interface on each, each network reachable
        docker.dockerOk("network", "connect", "int1", "e1");
        final String e1int = ip(docker, "e1", "int1");
        assertTrue(e1int.startsWith("10.215.0."), e1int);
        final String links = docker.dockerOk("exec", "e1", "ip", "-o", "addr", "show");
        assertTrue(links.contains("10.214.0.") && links.contains("10.215.0."), links);
        assertTrue(docker.docker("exec", "e1", "ping", "-c1", "-W2", ip(docker, "i1", "int1")).ok(), "e1 -> i1 on int1");
        assertTrue(docker.docker("exec", "i1", "ping", "-c1", "-W2", e1int).ok(), "i1 -> e1 on int1");

        docker.dockerOk("rm", "-f", "o1", "o2", "i1", "i2", "e1");
        docker.dockerOk("network", "rm", "opt1", "int1");
        final String ls = pontoon.cliOk("network", "ls");
        assertFalse(ls.contains("opt1") || ls.contains("int1"), ls);
    }
}
