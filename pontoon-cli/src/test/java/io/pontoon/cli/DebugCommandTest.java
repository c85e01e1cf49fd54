// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DebugCommandTest extends CliTestSupport
{
    private static final String ENTRIES = "[{\"key\":\"/pontoon/v1/networks/n1\",\"value\":\"{}\",\"modRevision\":3}]";

    @TempDir
    Path dir;

    FakeDaemon d;

    @BeforeEach
    void start() throws Exception
    {
        d = new FakeDaemon(dir);
        d.on("GET", "/v1/debug/store", 200, ENTRIES);
        d.on("GET", "/v1/debug/store?prefix=%2Fpontoon%2Fv1%2Fnetworks%2F", 200, ENTRIES);
    }

    @AfterEach
    void stop() throws Exception
    {
        d.close();
    }

    @Test
    void storeListsKeysAndValuesUnderAPrefix()
    {
        assertEquals(new Result(0, "/pontoon/v1/networks/n1 {}\n", ""), run(d.socket(), "debug", "store"));
        assertEquals(new Result(0, "/pontoon/v1/networks/n1 {}\n", ""), run(d.socket(), "debug", "store",
            "/pontoon/v1/networks/"));
        final Result json = run(d.socket(), "debug", "store", "--format", "json");
        assertEquals(0, json.code());
        assertTrue(json.out().contains("\"modRevision\": 3"), json.out());
    }

    @Test
    void anythingButStoreIsAUsageError()
    {
        final Result r = run(d.socket(), "debug", "networks");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("requires \"store\""), r.err());
    }
}
