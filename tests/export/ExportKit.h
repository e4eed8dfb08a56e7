// Shared by the export tests: the sample projects, loading, the vendored name list and running tools.
#pragma once

#include "format/Json.h"
#include "project/ProjectFile.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QStringList>
#include <QTest>

namespace exportkit {

inline QStringList samples()
{
    const QDir dir(QStringLiteral(MICROLAB_PROJECTS_DIR));
    QStringList files;
    for (const QString& f : dir.entryList({QStringLiteral("*.mlab.json")}, QDir::Files, QDir::Name))
        files << dir.filePath(f);
    return files;
}

inline ml::Diagram load(const QString& file)
{
    const ml::Result<ml::LoadedProject> loaded = ml::projectfile::load(file);
    if (!loaded) qFatal("%s", qPrintable(loaded.error().toString()));
    return loaded->diagram;
}

inline QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

struct Tool {
    int exitCode = -1;
    QString output;
};

// Runs a tool from PATH with a bound on time; exitCode -1 when it could not run or did not finish.
inline Tool runTool(const QString& program, const QStringList& args, int timeoutMs = 120000)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    Tool t;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        t.output = QStringLiteral("did not finish");
        return t;
    }
    t.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    t.output = QString::fromUtf8(p.readAll());
    return t;
}

}  // namespace exportkit
