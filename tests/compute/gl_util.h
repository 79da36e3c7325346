/* SPDX-License-Identifier: MIT */
/* GL test helpers for the compute suite: programs from GLSL sources with their logs,
 * buffers read back. Header-only, like cl_util.h. */
#pragma once
#define GL_GLEXT_PROTOTYPES
#include <GL/gl.h>
#include <GL/glext.h>
#include <string>
#include <vector>

namespace lsgpu_gl_test
{

/* Compiles and links the given (stage, source) pairs; 0 and the logs in *log when
 * either fails. */
inline GLuint
program(const std::vector<std::pair<GLenum, const char *>> &stages, std::string *log)
{
   GLuint prog = glCreateProgram();
   std::vector<GLuint> shaders;
   for (const auto &[stage, source] : stages) {
      GLuint sh = glCreateShader(stage);
      glShaderSource(sh, 1, &source, nullptr);
      glCompileShader(sh);
      GLint ok = 0;
      glGetShaderiv(sh, GL_COMPILE_STATUS, &ok);
      if (!ok) {
         char buf[4096] = "";
         glGetShaderInfoLog(sh, sizeof(buf), nullptr, buf);
         *log += buf;
      }
      glAttachShader(prog, sh);
      shaders.push_back(sh);
   }
   glLinkProgram(prog);
   for (GLuint sh : shaders)
      glDeleteShader(sh);
   GLint ok = 0;
   glGetProgramiv(prog, GL_LINK_STATUS, &ok);
   if (!ok) {
      char buf[4096] = "";
      glGetProgramInfoLog(prog, sizeof(buf), nullptr, buf);
      *log += buf;
      glDeleteProgram(prog);
      return 0;
   }
   return prog;
}

/* A buffer object of `bytes` bytes with `data` (or zeros) at binding `binding` of
 * `target` (GL_SHADER_STORAGE_BUFFER, GL_ATOMIC_COUNTER_BUFFER, GL_UNIFORM_BUFFER). */
inline GLuint
buffer(GLenum target, GLuint binding, size_t bytes, const void *data = nullptr)
{
   std::vector<uint8_t> zeros(data ? 0 : bytes, 0);
   GLuint b = 0;
   glGenBuffers(1, &b);
   glBindBuffer(target, b);
   glBufferData(target, (GLsizeiptr)bytes, data ? data : zeros.data(), GL_DYNAMIC_COPY);
   glBindBufferBase(target, binding, b);
   return b;
}

template <typename T>
std::vector<T>
read_buffer(GLenum target, GLuint b, size_t count)
{
   std::vector<T> out(count);
   glBindBuffer(target, b);
   glGetBufferSubData(target, 0, (GLsizeiptr)(count * sizeof(T)), out.data());
   return out;
}

inline bool
has_extension(const char *name)
{
   const char *all = (const char *)glGetString(GL_EXTENSIONS);
   if (!all)
      return false;
   const std::string list = std::string(" ") + all + " ";
   return list.find(std::string(" ") + name + " ") != std::string::npos;
}

} // namespace lsgpu_gl_test
