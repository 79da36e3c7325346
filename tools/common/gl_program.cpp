/* SPDX-License-Identifier: MIT */
#define GL_GLEXT_PROTOTYPES
#include "gl_program.h"

#include <GL/glext.h>

namespace lsgpu
{

GLuint
unlinked_program(const char *vs, const char *fs)
{
   GLuint prog = glCreateProgram();
   const char *src[2] = {vs, fs};
   const GLenum kinds[2] = {GL_VERTEX_SHADER, GL_FRAGMENT_SHADER};
   for (int i = 0; i < 2; i++) {
      GLuint sh = glCreateShader(kinds[i]);
      glShaderSource(sh, 1, &src[i], nullptr);
      glCompileShader(sh);
      glAttachShader(prog, sh);
      glDeleteShader(sh);
   }
   return prog;
}

GLuint
link_program(const char *vs, const char *fs)
{
   GLuint prog = unlinked_program(vs, fs);
   glLinkProgram(prog);
   return prog;
}

bool
program_linked(GLuint prog)
{
   GLint ok = 0;
   glGetProgramiv(prog, GL_LINK_STATUS, &ok);
   return ok != 0;
}

} // namespace lsgpu
