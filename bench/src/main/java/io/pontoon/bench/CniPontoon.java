// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * pontoon-cni as the only plugin of the conflist, the config libcni hands it: the plugin object
 * ({@code capabilities} included) plus {@code runtimeConfig.portMappings}; {@code jvm} forces the
 * launcher's JVM transport ({@code PONTOON_CNI_JVM=1}), else it takes its default (curl).
 */
record CniPontoon(Path launcher, Path socket, boolean jvm) implements CniPod.Kind
{
    private String conf(final int hostPort)
    {
        return "{\"cniVersion\":\"0.4.0\",\"name\":\"pbench\",\"type\":\"pontoon\",\"socket\":\"" + socket + "\","
            + "\"capabilities\":{\"portMappings\":true},"
            + "\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":" + hostPort + ",\"containerPort\":80,\"protocol\":\"tcp\"}]}}";
    }

    /** The CNI variables, plus PONTOON_CNI_JAVA_OPTS when the benchmark itself got one (for experiments). */
    private List<String> env(final String command, final String id, final String ns)
    {
        final List<String> env = new ArrayList<>(CniChain.env(command, id, ns));
        if (jvm)
        {
            env.add("PONTOON_CNI_JVM=1");
        }
        final String opts = System.getenv("PONTOON_CNI_JAVA_OPTS");
        if (opts != null && !opts.isEmpty())
        {
            env.add("PONTOON_CNI_JAVA_OPTS=" + opts);
        }
        return env;
    }

    @Override
    public String add(final String id, final String ns, final int hostPort, final Path log)
    {
        return CniProcs.ok(List.of(launcher.toString()), env("ADD", id, ns), conf(hostPort), log);
    }

    @Override
    public void del(final String id, final String ns, final int hostPort, final String cached, final Path log)
    {
        final String c = conf(hostPort);
        CniProcs.ok(List.of(launcher.toString()), env("DEL", id, ns),
            cached == null ? c : c.substring(0, c.length() - 1) + ",\"prevResult\":" + cached + "}", log);
    }
}
