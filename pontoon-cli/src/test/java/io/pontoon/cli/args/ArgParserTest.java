// SPDX-License-Identifier: Apache-2.0
package io.pontoon.cli.args;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArgParserTest
{
    private static final List<Opt> OPTS = List.of(Opt.value("name", (char) 0, "NAME", ""),
        Opt.list("publish", 'p', "P", ""), Opt.flag("detach", 'd', ""), Opt.flag("force", 'f', ""),
        Opt.flag("rm", (char) 0, ""));

    private static Parsed parse(final boolean stop, final String... args) throws UsageException
    {
        return ArgParser.parse(OPTS, List.of(args), stop);
    }

    @Test
    void longShortInlineAndRepeatedValues() throws Exception
    {
        final Parsed p = parse(false, "--name", "a", "--name=b", "-p", "1:1", "-p2:2", "-p=3:3", "--publish", "4:4", "x");
        assertEquals("b", p.value("name"));
        assertEquals(List.of("1:1", "2:2", "3:3", "4:4"), p.values("publish"));
        assertEquals(List.of("x"), p.positionals());
        assertFalse(p.flag("detach"));
    }

    @Test
    void clusteredShortFlagsAndExplicitBooleans() throws Exception
    {
        final Parsed p = parse(false, "-fd", "-dp", "8:8", "--rm=false");
        assertTrue(p.flag("force"));
        assertTrue(p.flag("detach"));
        assertEquals(List.of("8:8"), p.values("publish"));
        assertFalse(p.flag("rm"));
        assertTrue(parse(false, "--rm=true").flag("rm"));
        assertEquals("invalid argument \"yes\" for \"--rm\" flag: expected true or false",
            assertThrows(UsageException.class, () -> parse(false, "--rm=yes")).getMessage());
    }

    @Test
    void interspersedPositionalsAndDoubleDash() throws Exception
    {
        final Parsed p = parse(false, "a", "--detach", "b", "--", "-f", "--name");
        assertEquals(List.of("a", "b", "-f", "--name"), p.positionals());
        assertTrue(p.flag("detach"));
        assertFalse(p.flag("force"));
        assertEquals(List.of("-"), parse(false, "-").positionals());
    }

    @Test
    void stopAtFirstPositionalKeepsTheCommandLineIntact() throws Exception
    {
        final Parsed p = parse(true, "-d", "sh", "-c", "--rm", "--", "x");
        assertTrue(p.flag("detach"));
        assertFalse(p.flag("rm"));
        assertEquals(List.of("sh", "-c", "--rm", "--", "x"), p.positionals());
        assertEquals(List.of("--rm", "x"), parse(true, "--", "--rm", "x").positionals());
    }

    @Test
    void errorsAreClear()
    {
        assertEquals("unknown flag: --nam", assertThrows(UsageException.class, () -> parse(false, "--nam", "x")).getMessage());
        assertEquals("unknown shorthand flag: 'z' in -dz", assertThrows(UsageException.class, () -> parse(false, "-dz")).getMessage());
        assertEquals("flag needs an argument: --name", assertThrows(UsageException.class, () -> parse(false, "--name")).getMessage());
        assertEquals("flag needs an argument: 'p' in -p", assertThrows(UsageException.class, () -> parse(false, "-p")).getMessage());
    }

    @Test
    void valueMayLookLikeAFlag() throws Exception
    {
        assertEquals("-x", parse(false, "--name", "-x").value("name"));
        assertEquals("", parse(false, "--name=").value("name"));
    }
}
