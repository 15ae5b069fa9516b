#pragma once
// A packetdrill script's run seen as a lesson, so the ladder, the GUI and the exports show it
// like any other: the two hosts, the script's intent as title, its comments as narration (each
// beside the line that follows it).
#include "packetdrill/script.h"
#include "packetdrill/script_runner.h"
#include "scenario/scenario.h"

namespace tcplab::packetdrill {

Scenario scenario_for(const Script& script, const ScriptRun& run);

}  // namespace tcplab::packetdrill
