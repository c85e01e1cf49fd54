// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Podman 4.3's default CNI network, as {@code podman network create} writes it for the CNI
 * backend (cniVersion 0.4.0): {@code bridge} with {@code host-local} IPAM, {@code portmap},
 * {@code firewall}, {@code tuning}, run plugin by plugin as libcni does. One change: host-local
 * keeps its leases in a private {@code dataDir}, not the machine's {@code /var/lib/cni/networks}.
 */
record CniChain(Path pluginDir, Path dataDir) implements CniPod.Kind
{
    private List<String[]> plugins(final int hostPort)
    {
        return List.of(
            new String[] {"bridge", "\"type\":\"bridge\",\"bridge\":\"ptcnib0\",\"isGateway\":true,\"ipMasq\":true,"
                + "\"hairpinMode\":true,\"ipam\":{\"type\":\"host-local\",\"routes\":[{\"dst\":\"0.0.0.0/0\"}],"
                + "\"ranges\":[[{\"subnet\":\"10.241.0.0/16\",\"gateway\":\"10.241.0.1\"}]],\"dataDir\":\"" + dataDir + "\"},"
                + "\"capabilities\":{\"ips\":true}"},
            new String[] {"portmap", "\"type\":\"portmap\",\"capabilities\":{\"portMappings\":true},"
                + "\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":" + hostPort + ",\"containerPort\":80,\"protocol\":\"tcp\"}]}"},
            new String[] {"firewall", "\"type\":\"firewall\",\"backend\":\"\""},
            new String[] {"tuning", "\"type\":\"tuning\""});
    }

    static List<String> env(final String command, final String id, final String ns)
    {
        return List.of("CNI_COMMAND=" + command, "CNI_CONTAINERID=" + id, "CNI_NETNS=/run/netns/" + ns, "CNI_IFNAME=eth0",
            "CNI_PATH=/usr/lib/cni");
    }

    private static String conf(final String body, final String prev)
    {
        return "{\"cniVersion\":\"0.4.0\",\"name\":\"ptbench\"," + body + (prev == null ? "" : ",\"prevResult\":" + prev) + "}";
    }

    @Override
    public String add(final String id, final String ns, final int hostPort, final Path log)
    {
        String prev = null;
        for (final String[] p : plugins(hostPort))
        {
            prev = CniProcs.ok(List.of(pluginDir.resolve(p[0]).toString()), env("ADD", id, ns), conf(p[1], prev), log);
        }
        return prev;
    }

    @Override
    public void del(final String id, final String ns, final int hostPort, final String cached, final Path log)
    {
        final List<String[]> reversed = new ArrayList<>(plugins(hostPort));
        Collections.reverse(reversed);
        for (final String[] p : reversed)
        {
            CniProcs.ok(List.of(pluginDir.resolve(p[0]).toString()), env("DEL", id, ns), conf(p[1], cached), log);
        }
    }
}
