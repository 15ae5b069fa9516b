#pragma once
// A question, its choices and its reveal as the class reads them, in the current language
// (present/translate.h): "client#1 is in FIN-WAIT-1. Which state does it enter next?"
#include <string>

#include "core/trace.h"
#include "quiz/question.h"

namespace tcplab::quiz {

std::string question_text(const Question& question, const Trace& trace);
// "TIME-WAIT", "server sends F.", "-1 EADDRINUSE (Address already in use)", "client#1, 60 s".
std::string choice_text(const Question& question, const Choice& choice);
// "A", "B" ...
std::string choice_letter(std::size_t index);
// What happened, and why: the event's sentence and the rule behind it.
std::string reveal_text(const Question& question, const Trace& trace);

}  // namespace tcplab::quiz
