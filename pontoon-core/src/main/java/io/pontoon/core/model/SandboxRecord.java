// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.model;

import io.pontoon.api.json.Json;
import io.pontoon.api.json.JsonObject;
import io.pontoon.core.PontoonException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CNM sandbox (a network namespace) as stored. {@code mode} is how it was created, as in
 * {@code docker run --network}: {@code bridge}, {@code host}, {@code none}, {@code container}
 * (sharing the namespace of sandbox {@code containerOf}) or the name of a network. {@code netnsPath}
 * is the namespace's bind mount (null for {@code host}); {@code pid} the detached process started in
 * it (0 if none) with its {@code command}; {@code autoRemove} deletes the sandbox when it exits.
 */
public record SandboxRecord(String id, String name, String mode, String netnsPath, String containerOf, long pid,
    List<String> command, Instant created, boolean autoRemove)
{
    public static final String MODE_CONTAINER = "container";
    private static final Set<String> BUILTIN = Set.of("bridge", "host", "none", MODE_CONTAINER);

    public SandboxRecord
    {
        Ids.checkId("sandbox", id);
        Ids.checkName("sandbox", name);
        if (mode == null || !(BUILTIN.contains(mode) || Ids.isName(mode)))
        {
            throw PontoonException.invalid("invalid network mode '%s' for sandbox '%s': use bridge, host, none, container or a"
                + " network name", mode, name);
        }
        if (MODE_CONTAINER.equals(mode) != (containerOf != null))
        {
            throw PontoonException.invalid("sandbox '%s': container mode needs the sandbox to share with, and only container mode"
                + " has one", name);
        }
        if (containerOf != null)
        {
            Ids.checkId("sandbox", containerOf);
        }
        if (pid < 0)
        {
            throw PontoonException.invalid("sandbox '%s': pid must not be negative", name);
        }
        if (created == null)
        {
            throw PontoonException.invalid("sandbox '%s' needs a creation time", name);
        }
        command = command == null ? List.of() : List.copyOf(command);
    }

    public Map<String, Object> toMap()
    {
        return Json.obj("id", id, "name", name, "mode", mode, "netnsPath", netnsPath, "containerOf", containerOf, "pid", pid,
            "command", command, "created", created.toString(), "autoRemove", autoRemove);
    }

    public String toJson()
    {
        return Json.write(toMap());
    }

    public static SandboxRecord fromMap(final JsonObject o)
    {
        return new SandboxRecord(o.requireString("id"), o.requireString("name"), o.requireString("mode"), o.string("netnsPath"),
            o.string("containerOf"), o.integer("pid", 0), o.strings("command"), JsonFields.instant(o, "created"),
            o.bool("autoRemove", false));
    }

    /** Parses the stored form; a malformed record is an INTERNAL error. */
    public static SandboxRecord fromJson(final String json)
    {
        return JsonFields.decode("sandbox", json, SandboxRecord::fromMap);
    }
}
