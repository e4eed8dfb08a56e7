#include "format/Result.h"

namespace ml {

QString Error::toString() const
{
    QString where = file;
    if (line > 0) {
        where += QStringLiteral(":%1:%2").arg(line).arg(column);
    }
    if (!pointer.isEmpty()) {
        if (!where.isEmpty()) where += QLatin1Char(':');
        where += pointer;
    }
    return where.isEmpty() ? message : where + QStringLiteral(": ") + message;
}

Error Error::under(const QString& prefix) const
{
    Error e = *this;
    e.pointer = prefix + pointer;
    return e;
}

Error Error::inFile(const QString& fileName) const
{
    Error e = *this;
    e.file = fileName;
    return e;
}

}  // namespace ml
