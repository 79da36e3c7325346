/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_DISASM_H
#define LSGPU_DISASM_H

#include <cstdint>
#include <string>

/* Names one Xlsgpu instruction; false if w is not a valid Xlsgpu encoding. */
bool lsgpu_disasm_xlsgpu(uint32_t w, std::string *text, bool *is_tex, bool *is_div_like);

#endif
