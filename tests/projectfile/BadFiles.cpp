// The table of bad project files and the exact error each must give; one row per way a file
// can be wrong. Positions are worked out by hand: columns count characters, from 1.
#include "BadFiles.h"

#include <QtTest>

namespace {

QByteArray withHeader(const QByteArray& rest) { return QByteArray(R"({"format": "microlab/1", )") + rest + '}'; }

}  // namespace

void addBadFileRows()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");

    // Syntax errors: placed by line and column (characters, 1-based), no pointer.
    QTest::newRow("not JSON") << QByteArray("hello") << "" << 1 << 1 << "invalid literal";
    QTest::newRow("truncated after [") << QByteArray("{\n  \"format\": \"microlab/1\",\n  \"nodes\": [\n") << "" << 4
                                       << 1 << "unexpected end of input; expected a value";
    // The lexer stops at the end of input, just after `"ki`, the 25th character of line 2.
    QTest::newRow("truncated in a string")
        << QByteArray("{\"format\": \"microlab/1\",\n\"nodes\": [{\"id\": \"a\", \"ki") << "" << 2 << 26
        << "missing closing quote";
    QTest::newRow("empty file") << QByteArray() << "" << 1 << 1 << "the file is empty";
    QTest::newRow("only whitespace") << QByteArray(" \n\t\n") << "" << 1 << 1 << "the file is empty";
    QTest::newRow("trailing comma") << QByteArray("{\"format\":\"microlab/1\",}") << "" << 1 << 24
                                    << "unexpected '}'; expected a string";
    QTest::newRow("missing colon") << QByteArray("{\"format\" \"x\"}") << "" << 1 << 13
                                   << "unexpected string; expected ':'";
    QTest::newRow("NaN literal") << withHeader("\"nodes\": [{\"id\": \"a\", \"kind\": \"worker\", \"x\": NaN}]") << ""
                                 << 1 << 71 << "invalid literal";
    QTest::newRow("Infinity literal") << withHeader("\"seed\": Infinity") << "" << 1 << 34 << "invalid literal";
    QTest::newRow("minus Infinity") << withHeader("\"seed\": -Infinity") << "" << 1 << 35 << "expected digit after '-'";
    // Numbers too large for a double: placed at their first character.
    QTest::newRow("1e400 as x") << withHeader("\"nodes\": [{\"id\": \"a\", \"kind\": \"worker\", \"x\": 1e400}]") << ""
                                << 1 << 71 << "number out of range: 1e400";
    QTest::newRow("-1e400 deep in config")
        << withHeader("\"nodes\": [{\"id\": \"a\", \"kind\": \"worker\", \"config\": {\"a/b\": [0, -1e400]}}]") << ""
        << 1 << 88 << "number out of range: -1e400";
    QTest::newRow("1e400 seed") << withHeader("\"seed\": 1e400") << "" << 1 << 34 << "number out of range";
    QTest::newRow("400-digit integer") << withHeader("\"seed\": 1" + QByteArray(400, '0')) << "" << 1 << 34
                                       << "number out of range";
    // 1 '{' plus 256 '[' is 257 levels: refused at the 256th '[', column 31 + 256.
    QTest::newRow("deep nesting in a value")
        << QByteArray("{\"format\":\"microlab/1\",\"extra\":") + QByteArray(100000, '[') << "" << 1 << 287
        << "nesting deeper than 256 levels";
    QTest::newRow("deep nesting at the top") << QByteArray(100000, '[') << "" << 1 << 257 << "nesting deeper than 256";
    QTest::newRow("brackets inside strings do not nest")
        << withHeader("\"name\": \"" + QByteArray(1000, '[') + "\", \"nodes\": 1") << "/nodes" << 0 << 0
        << "expected an array of nodes; got the number 1";
    // Invalid UTF-8: the column counts characters, so "é" before it counts once.
    QTest::newRow("invalid UTF-8 byte") << QByteArray("{\"format\":\"microlab/1\",\"name\":\"caf\xE9\"}") << "" << 1
                                        << 35 << "invalid UTF-8 (byte 0xE9)";
    QTest::newRow("invalid UTF-8 after é")
        << QByteArray("{\n\"name\": \"\xC3\xA9\xFF\"}") << "" << 2 << 11 << "invalid UTF-8 (byte 0xFF)";
    QTest::newRow("overlong UTF-8") << QByteArray("{\"name\":\"\xC0\xAF\"}") << "" << 1 << 10
                                    << "invalid UTF-8 (byte 0xC0)";
    QTest::newRow("UTF-8 surrogate") << QByteArray("{\"name\":\"\xED\xA0\x80\"}") << "" << 1 << 10
                                     << "invalid UTF-8 (byte 0xED)";
    QTest::newRow("UTF-16") << QByteArray("\xFF\xFE{\0}\0", 6) << "" << 1 << 1 << "UTF-16";

    // Shape and type errors: named by JSON pointer.
    QTest::newRow("top-level array") << QByteArray("[]") << "" << 0 << 0
                                     << "expected a project object {\"format\": \"microlab/1\", …}; got an array";
    QTest::newRow("missing format") << QByteArray("{\"name\": \"x\", \"nodes\": []}") << "/format" << 0 << 0
                                    << "missing; expected \"microlab/1\"";
    QTest::newRow("wrong format") << QByteArray("{\"format\": \"microlab/2\"}") << "/format" << 0 << 0
                                  << "expected \"microlab/1\"; got \"microlab/2\"";
    QTest::newRow("format a number") << QByteArray("{\"format\": 1}") << "/format" << 0 << 0
                                     << "expected \"microlab/1\"; got the number 1";
    QTest::newRow("name a number") << withHeader("\"name\": 3") << "/name" << 0 << 0
                                   << "expected a string; got the number 3";
    QTest::newRow("bad startTime") << withHeader("\"startTime\": \"tomorrow\"") << "/startTime" << 0 << 0
                                   << "expected an ISO 8601 UTC time like \"2026-01-01T00:00:00Z\"; got \"tomorrow\"";
    QTest::newRow("startTime in local time")
        << withHeader("\"startTime\": \"2026-01-01T00:00:00\"") << "/startTime" << 0 << 0 << "ISO 8601 UTC time";
    QTest::newRow("nodes not an array") << withHeader("\"nodes\": {}") << "/nodes" << 0 << 0
                                        << "expected an array of nodes; got an object";
    QTest::newRow("nodes null") << withHeader("\"nodes\": null") << "/nodes" << 0 << 0 << "got null";
    QTest::newRow("node not an object") << withHeader("\"nodes\": [{\"id\": \"a\", \"kind\": \"worker\"}, \"b\"]")
                                        << "/nodes/1" << 0 << 0 << "expected a node object";
    QTest::newRow("node id missing") << withHeader("\"nodes\": [{\"kind\": \"worker\"}]") << "/nodes/0/id" << 0 << 0
                                     << "missing; expected a node id";
    QTest::newRow("node id a number") << withHeader("\"nodes\": [{\"id\": 5, \"kind\": \"worker\"}]") << "/nodes/0/id"
                                      << 0 << 0 << "expected a node id (a string); got the number 5";
    QTest::newRow("node id empty") << withHeader("\"nodes\": [{\"id\": \"\", \"kind\": \"worker\"}]") << "/nodes/0/id"
                                   << 0 << 0 << "got an empty string";
    QTest::newRow("node kind missing") << withHeader("\"nodes\": [{\"id\": \"a\"}]") << "/nodes/0/kind" << 0 << 0
                                       << "missing; expected a node kind like \"worker\"";
    QTest::newRow("x a string") << withHeader("\"nodes\": [{\"id\": \"a\", \"kind\": \"worker\", \"x\": \"10\"}]")
                                << "/nodes/0/x" << 0 << 0 << "expected a number; got a string";
    QTest::newRow("y a boolean") << withHeader("\"nodes\": [{\"id\": \"a\", \"kind\": \"worker\", \"y\": true}]")
                                 << "/nodes/0/y" << 0 << 0 << "expected a number; got true";
    QTest::newRow("x a string NaN") << withHeader("\"nodes\": [{\"id\": \"a\", \"kind\": \"worker\", \"x\": \"NaN\"}]")
                                    << "/nodes/0/x" << 0 << 0 << "expected a number; got a string";
    QTest::newRow("config an array") << withHeader("\"nodes\": [{\"id\": \"a\", \"kind\": \"worker\", \"config\": []}]")
                                     << "/nodes/0/config" << 0 << 0 << "expected an object; got an array";
    QTest::newRow("huge integer seed")
        << withHeader("\"seed\": 99999999999999999999999") << "/seed" << 0 << 0
        << "expected a whole number between 0 and 18446744073709551615; got the number 9.999999999999999e+22";
    QTest::newRow("negative seed") << withHeader("\"seed\": -1") << "/seed" << 0 << 0 << "got the number -1";
    QTest::newRow("fractional seed") << withHeader("\"seed\": 4.5") << "/seed" << 0 << 0 << "got the number 4.5";
    QTest::newRow("edges not an array") << withHeader("\"edges\": \"a->b\"") << "/edges" << 0 << 0
                                        << "expected an array of edges; got a string";
    QTest::newRow("edge not an object") << withHeader("\"edges\": [[\"a\", \"b\"]]") << "/edges/0" << 0 << 0
                                        << "expected an edge object";
    QTest::newRow("edge from missing") << withHeader("\"edges\": [{\"to\": \"b\"}]") << "/edges/0/from" << 0 << 0
                                       << "missing; expected the id of the node the edge starts at";
    QTest::newRow("edge to a number") << withHeader("\"edges\": [{\"from\": \"a\", \"to\": 3}]") << "/edges/0/to" << 0
                                      << 0 << "expected the id of the node the edge ends at; got the number 3";
    QTest::newRow("edge id a number") << withHeader("\"edges\": [{\"id\": 1, \"from\": \"a\", \"to\": \"b\"}]")
                                      << "/edges/0/id" << 0 << 0 << "expected an edge id (a string); got the number 1";
    QTest::newRow("edge kind null") << withHeader("\"edges\": [{\"from\": \"a\", \"to\": \"b\", \"kind\": null}]")
                                    << "/edges/0/kind" << 0 << 0
                                    << "expected an edge kind like \"dead-letter\"; got null";
    QTest::newRow("edge config a string")
        << withHeader(
               "\"edges\": [{\"from\": \"a\", \"to\": \"b\"}, {\"from\": \"a\", \"to\": \"b\", \"config\": \"x\"}]")
        << "/edges/1/config" << 0 << 0 << "expected an object; got a string";
}
