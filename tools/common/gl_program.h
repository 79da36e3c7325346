/* SPDX-License-Identifier: MIT */
#ifndef LSGPU_GL_PROGRAM_H
#define LSGPU_GL_PROGRAM_H

#include <GL/gl.h>

namespace lsgpu
{

/* A program with a vertex and a fragment shader attached, not linked yet (to bind
 * attribute or fragment-data locations first) / linked. Compile and link errors are
 * not reported here: callers check the link status, or see them as a wrong image. */
GLuint unlinked_program(const char *vs, const char *fs);
GLuint link_program(const char *vs, const char *fs);
/* Whether prog's last link succeeded. */
bool program_linked(GLuint prog);

} // namespace lsgpu

#endif
