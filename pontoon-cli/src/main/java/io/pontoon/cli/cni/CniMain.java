// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.cni;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.pontoon.api.cni.CniCommand;
import io.pontoon.api.cni.CniError;
import io.pontoon.api.cni.CniErrorCode;
import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonException;
import io.pontoon.api.json.JsonObject;

/**
 * Entry point of the {@code pontoon-cni} plugin executable (run through the
 * {@code pontoon-cni} launcher script). Reads CNI_* from the environment and the network
 * configuration from stdin, answers VERSION itself and forwards ADD, DEL, CHECK, STATUS and GC to
 * the Pontoon daemon. On failure it prints a CNI error object on stdout and exits 1.
 */
public final class CniMain
{
    private CniMain()
    {
    }

    public static void main(final String[] args)
    {
        final PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        final int rc = run(System.getenv(), System.in, out);
        out.flush();
        System.exit(rc);
    }

    /**
     * Runs one invocation in-process.
     *
     * @return the exit code: 0 on success, 1 after printing a CNI error object
     */
    public static int run(final Map<String, String> env, final InputStream stdin, final PrintStream stdout)
    {
        return run(env, stdin, stdout, null);
    }

    /**
     * Runs one invocation in-process, reaching the daemon through {@code transport} instead of the
     * config's socket (null: the socket). The daemon's {@code /v1/cni/exec} uses this.
     *
     * @return the exit code: 0 on success, 1 after printing a CNI error object
     */
    public static int run(final Map<String, String> env, final InputStream stdin, final PrintStream stdout,
        final CniTransport transport)
    {
        String version = CniVersions.LATEST;
        try
        {
            final CniCommand command = CniEnv.command(env);
            if (command == CniCommand.VERSION)
            {
                String text = null;
                try
                {
                    text = read(stdin);
                }
                catch (final CniException e)
                {
                    // VERSION does not need stdin
                }
                print(stdout, CniVersions.versionReply(text));
                return 0;
            }
            final CniEnv e = CniEnv.parse(command, env);
            final JsonObject conf = decode(read(stdin));
            version = CniVersions.of(conf);
            CniVersions.checkAllows(command, version);
            final CniPlugin plugin = new CniPlugin(e, CniConfig.parse(conf, command, version), transport);
            switch (command)
            {
                case ADD -> print(stdout, plugin.add());
                case DEL -> plugin.del();
                case CHECK -> plugin.check();
                case STATUS -> plugin.status();
                case GC -> plugin.gc();
                case VERSION -> throw new IllegalStateException("handled above");
            }
            return 0;
        }
        catch (final CniException e)
        {
            print(stdout, new CniError(version, e.code().code(), e.getMessage(), e.details()).toJson());
            return 1;
        }
        catch (final RuntimeException e)
        {
            e.printStackTrace();
            print(stdout, new CniError(version, CniErrorCode.INTERNAL.code(), "pontoon-cni failed: " + e, null).toJson());
            return 1;
        }
    }

    private static String read(final InputStream stdin)
    {
        try
        {
            return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException e)
        {
            throw new CniException(CniErrorCode.IO_FAILURE, "error reading from stdin", e.getMessage());
        }
    }

    private static JsonObject decode(final String text)
    {
        try
        {
            return Json.parseObject(text);
        }
        catch (final JsonException e)
        {
            throw new CniException(CniErrorCode.DECODING_FAILURE, "error decoding the network configuration on stdin",
                e.getMessage());
        }
    }

    private static void print(final PrintStream out, final Map<String, Object> json)
    {
        out.print(Json.pretty(json));
        out.print('\n');
        out.flush();
    }
}
