// Rows for TestProjectFile::badFiles: bytes, pointer, line, column, message substring.
#pragma once

void addBadFileRows();
