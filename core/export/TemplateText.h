// Templates as text: SAM as YAML with the short intrinsic tags people write (!Ref, !GetAtt, !Sub),
// CloudFormation as indented JSON. Both end with a newline and are stable for golden files.
#pragma once

#include "format/Json.h"

#include <QByteArray>

namespace ml::exporting {

QByteArray templateYaml(const Json& document);
QByteArray templateJson(const Json& document);

}  // namespace ml::exporting
