// The filter policy unit's test class, shared by its two files: policies and event patterns
// (tst_filterpolicy.cpp) and the fixed-seed fuzz loop over mutated policies (FilterPolicyFuzz.cpp).
#pragma once

#include "format/FilterPolicy.h"

#include <QtTest>

inline ml::Json j(const char* text) { return ml::Json::parse(text); }

class TestFilterPolicy : public QObject {
    Q_OBJECT

private slots:
    void matches_data();
    void matches();
    void badPolicy_data();
    void badPolicy();
    void limitsAccepted_data();
    void limitsAccepted();
    void attributeScopeRejectsNesting();
    void copiesAndMovesKeepThePolicy();
    void fuzzNeverCrashes();
    void eventPatterns_data();
    void eventPatterns();
    void eventPatternLimits();
};
