// Saving a project file: a failed save names the path and leaves the old file; a save replaces the whole file.
#include "ProjectFileTests.h"

void TestProjectFile::saveFailsWithPath_data()
{
    QTest::addColumn<QString>("where");
    QTest::newRow("missing folder") << "missing";
    QTest::newRow("parent is a file") << "file";
    QTest::newRow("read-only folder") << "read-only";
}

void TestProjectFile::saveFailsWithPath()
{
    QFETCH(QString, where);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString path;
    if (where == QLatin1String("missing")) {
        path = dir.filePath(QStringLiteral("no/such/folder/p.mlab.json"));
    } else if (where == QLatin1String("file")) {
        QVERIFY(writeAll(dir.filePath(QStringLiteral("plain")), "x"));
        path = dir.filePath(QStringLiteral("plain/p.mlab.json"));
    } else {
        const QString folder = dir.filePath(QStringLiteral("locked"));
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        if (writeAll(folder + QStringLiteral("/probe"), "x")) {
            QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
            QSKIP("permissions do not stop this user (root?)");
        }
        path = folder + QStringLiteral("/p.mlab.json");
    }
    Diagram d;
    d.name = QStringLiteral("x");
    const Status s = projectfile::save(d, path);
    QVERIFY(!s);
    QCOMPARE(s.error().file, path);
    QVERIFY2(s.error().message.startsWith(QStringLiteral("cannot save")), qPrintable(s.error().message));
    QVERIFY(s.error().toString().startsWith(path));
    QVERIFY(!QFile::exists(path));
}

void TestProjectFile::saveReplacesWholeFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("p.mlab.json"));
    QVERIFY(writeAll(path, QByteArray(20000, 'z')));

    Diagram d;
    d.name = QStringLiteral("Small");
    QVERIFY(projectfile::save(d, path));
    QCOMPARE(readAll(path), projectfile::serialize(d));
    // Nothing but the file itself is left behind (QSaveFile renames its temporary over it).
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("p.mlab.json")});

    const Result<LoadedProject> back = projectfile::load(path);
    QVERIFY(back);
    QVERIFY(back->diagram == d);
}
