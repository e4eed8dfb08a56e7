// The project-file unit's test class and the helpers its two files share.
#pragma once

#include "BadFiles.h"
#include "format/JsonText.h"
#include "model/Lint.h"
#include "project/ProjectFile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace ml;

namespace projectkit {

inline const QString kFile = QStringLiteral("bad.mlab.json");

inline QByteArray withHeader(const QByteArray& rest) { return QByteArray(R"({"format": "microlab/1", )") + rest + '}'; }

inline QStringList sampleFiles()
{
    const QDir dir(QStringLiteral(MICROLAB_PROJECTS_DIR));
    QStringList files;
    for (const QString& name : dir.entryList({QStringLiteral("*.mlab.json")}, QDir::Files, QDir::Name))
        files << dir.filePath(name);
    return files;
}

inline QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline bool writeAll(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

inline LoadedProject parseOk(const QByteArray& bytes)
{
    const Result<LoadedProject> r = projectfile::parse(bytes, kFile);
    if (!r) qWarning("%s", qPrintable(r.error().toString()));
    return r ? *r : LoadedProject{};
}

}  // namespace projectkit

using namespace projectkit;

class TestProjectFile : public QObject {
    Q_OBJECT
private slots:
    void badFiles_data();
    void badFiles();
    void oversizedFile();
    void acceptedVariants_data();
    void acceptedVariants();
    void duplicateIdsAreKeptAndReported();
    void generatedEdgeIdsSkipWrittenOnes();
    void unknownKeysSurvive();
    void bucketEventsWrittenAsGiven();
    void canonicalText();
    void seedWrittenOnlyWhenNeeded();
    void edgeKinds_data();
    void edgeKinds();
    void edgeKindNotDefaultIsWritten();
    void samplesRoundTrip_data();
    void samplesRoundTrip();
    void samplesLintClean_data();
    void samplesLintClean();
    void loadErrorsNameThePath();
    void saveFailsWithPath_data();
    void saveFailsWithPath();
    void saveReplacesWholeFile();
};
