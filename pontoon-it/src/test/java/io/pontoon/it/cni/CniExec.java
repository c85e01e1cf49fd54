// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it.cni;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;
import io.pontoon.testkit.Commands;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One exec of a CNI plugin inside a lab host, the way a runtime does it: {@code CNI_*} in the
 * environment (nothing else of ours), the network configuration on stdin, the result or error
 * object on stdout. Equals {@code echo CONFIG | CNI_COMMAND=.. nsenter --net=HOST -- PLUGIN}.
 */
public final class CniExec
{
    /**
     * {@code pontoon-cni} from the source tree on its JVM transport: a wrapper script that sets
     * {@code PONTOON_CNI_JVM=1} and execs the launcher, so that runtimes which pass no environment
     * of ours (Podman) run that transport too.
     */
    public static final Path PONTOON = jvmWrapper();
    /** {@code pontoon-cni} from the source tree as installed: its default curl transport (pontoon-cni-fast). */
    static final Path PONTOON_FAST = CniDaemon.script("pontoon-cni");
    /** The plugin under test; {@link UseFastPlugin} switches a test class to {@link #PONTOON_FAST}. */
    private static volatile Path plugin = PONTOON;
    /** Debian's reference plugins ({@code containernetworking-plugins} 1.1.1). */
    static final Path REFERENCE_DIR = Path.of("/usr/lib/cni");
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private CniExec()
    {
    }

    /** What the plugin printed and how it exited. */
    public record Out(int exit, String stdout, String stderr)
    {
        /** stdout as a JSON object (result or error). */
        public JsonObject json()
        {
            return Json.parseObject(stdout);
        }

        /** The CNI error code, or 0 on success. */
        public long code()
        {
            return exit == 0 ? 0 : json().integer("code", -1);
        }

        public String describe()
        {
            return "exit " + exit + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    /** The {@code CNI_*} variables of one call; empty strings are left out, as a runtime does. */
    public static Map<String, String> env(final String command, final String containerId, final String netns, final String ifName)
    {
        final Map<String, String> env = new LinkedHashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", containerId);
        env.put("CNI_NETNS", netns);
        env.put("CNI_IFNAME", ifName);
        env.put("CNI_PATH", REFERENCE_DIR.toString());
        env.values().removeIf(String::isEmpty);
        return env;
    }

    /** Runs {@code plugin} in {@code host} with exactly {@code cniEnv} (plus PATH) and {@code stdin}. */
    public static Out run(final Lab.Host host, final Path plugin, final Map<String, String> cniEnv, final String stdin)
    {
        Path out = null;
        Path err = null;
        try
        {
            out = Files.createTempFile("pt-cni-out", ".json");
            err = Files.createTempFile("pt-cni-err", ".txt");
            final ProcessBuilder pb = new ProcessBuilder(List.of("nsenter", "--net=" + host.nsPath(), "--", plugin.toString()))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
            final String path = pb.environment().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
            pb.environment().clear();
            pb.environment().put("PATH", path);
            pb.environment().putAll(cniEnv);
            final Process p = pb.start();
            try (OutputStream in = p.getOutputStream())
            {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            catch (final IOException e)
            {
                // the plugin may exit before reading stdin (bad env); its output tells
            }
            if (!Commands.waitFor(p, TIMEOUT))
            {
                Commands.killTree(p.toHandle());
                throw new LabException("timed out: " + plugin + " " + cniEnv + "\n" + Commands.read(out) + Commands.read(err));
            }
            return new Out(p.exitValue(), Commands.read(out), Commands.read(err));
        }
        catch (final IOException e)
        {
            throw new LabException("cannot run " + plugin + ": " + e, e);
        }
        finally
        {
            for (final Path f : new Path[] {out, err})
            {
                if (f != null)
                {
                    try
                    {
                        Files.deleteIfExists(f);
                    }
                    catch (final IOException e)
                    {
                        // a temp file
                    }
                }
            }
        }
    }

    private static Path jvmWrapper()
    {
        try
        {
            final Path dir = Files.createTempDirectory("pt-cni-jvm");
            final Path w = dir.resolve("pontoon-cni-jvm");
            Files.writeString(w, "#!/bin/sh\nPONTOON_CNI_JVM=1 exec '" + CniDaemon.script("pontoon-cni") + "' \"$@\"\n");
            Files.setPosixFilePermissions(w, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            // deleteOnExit runs in reverse order of registration: the file, then its directory
            dir.toFile().deleteOnExit();
            w.toFile().deleteOnExit();
            return w;
        }
        catch (final IOException e)
        {
            throw new LabException("cannot write the pontoon-cni JVM wrapper: " + e, e);
        }
    }

    /** The plugin under test: {@link #PONTOON} unless a test class switched it. */
    static Path plugin()
    {
        return plugin;
    }

    /** Switches the plugin under test (test classes run one after another). */
    static void use(final Path p)
    {
        plugin = p;
    }

    /** {@link #run} of the plugin under test. */
    static Out pontoon(final Lab.Host host, final Map<String, String> cniEnv, final String stdin)
    {
        return run(host, plugin, cniEnv, stdin);
    }

    /** {@link #pontoon} that must succeed; returns stdout parsed (empty object for no output). */
    static JsonObject pontoonOk(final Lab.Host host, final Map<String, String> cniEnv, final String stdin)
    {
        final Out o = pontoon(host, cniEnv, stdin);
        if (o.exit() != 0)
        {
            throw new AssertionError(plugin.getFileName() + " " + cniEnv + " failed\nstdin: " + stdin + "\n" + o.describe());
        }
        return o.stdout().isBlank() ? JsonObject.empty() : o.json();
    }
}
