#include "export/Handlers.h"

#include "export/SamBuild.h"
#include "export/SamTemplate.h"

#include <QHash>

namespace ml::exporting {

// Generated at configure time from resources/handlers/*.mjs (core/CMakeLists.txt).
const QHash<QString, QByteArray>& embeddedHandlers();

QByteArray handlerSource(const QString& name) { return embeddedHandlers().value(name); }

std::vector<HandlerFile> handlerFiles(const Diagram& diagram)
{
    std::vector<HandlerFile> files;
    for (const Node& n : diagram.nodes()) {
        if (awsShape(n) != AwsShape::Function) continue;
        const QString dir = QStringLiteral("src/%1/").arg(functionDirectory(diagram, n.id));
        files.push_back({dir + QStringLiteral("index.mjs"), handlerSource(n.kind + QStringLiteral(".mjs"))});
        files.push_back({dir + QStringLiteral("microlab.mjs"), handlerSource(QStringLiteral("microlab.mjs"))});
    }
    return files;
}

}  // namespace ml::exporting
