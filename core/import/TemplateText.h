// The text of a SAM / CloudFormation template as JSON: YAML (yaml-cpp) with the short intrinsic
// tags turned into their long form (!Ref X → {"Ref": "X"}, !GetAtt A.B → {"Fn::GetAtt": ["A", "B"]},
// !Sub … → {"Fn::Sub": …}), or JSON through the bounded parser. Templates come from outside:
// nesting, size and alias expansion are bounded, and every error names the line or the path.
#pragma once

#include "format/Json.h"
#include "format/Result.h"

#include <QByteArray>

namespace ml::cfn {

// CloudFormation accepts templates up to 1 MB (from S3); a little room for comments and SAM.
constexpr qint64 kMaxTemplateBytes = 16 * 1024 * 1024;
// Values after YAML aliases are expanded; "billion laughs" documents stop here.
constexpr size_t kMaxTemplateValues = 2'000'000;

// YAML or JSON (chosen by the first character: '{' or '[' is JSON) → JSON. Plain YAML scalars
// become numbers, booleans and null where YAML's core schema says so; quoted ones stay strings.
Result<Json> parseTemplateText(const QByteArray& bytes);

}  // namespace ml::cfn
