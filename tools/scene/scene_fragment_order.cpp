/* SPDX-License-Identifier: MIT */
/*
 * The "fragment_order" scene: what fragment shaders can tell about the order and the
 * place they run in. The left half numbers its fragments with a storage-buffer atomic in
 * the order they reach it, and writes the number as its colour; the right half fills
 * a local array large enough to live on the lane's stack, indexed by the fragment's
 * place, and reads it back the other way. A driver may run fragments in any order, so
 * this scene is not compared with another driver: the render tests draw it with
 * different numbers of host threads and demand the same image.
 */
#define GL_GLEXT_PROTOTYPES
#include <GL/gl.h>
#include <GL/glext.h>

#include "scenes.h"

namespace lsgpu::scene
{

namespace
{

const char *const kCounterFs =
   "#version 120\n"
   "#extension GL_ARB_shader_storage_buffer_object : require\n"
   "#extension GL_ARB_shader_atomic_counters : require\n"
   "#extension GL_ARB_uniform_buffer_object : require\n"
   "layout(std430, binding = 0) buffer Order { int next; };\n"
   "void main() {\n"
   "   float n = float(atomicAdd(next, 1));\n"
   "   gl_FragColor = vec4(mod(n, 256.0), floor(n / 256.0), 0.0, 255.0) / 255.0;\n"
   "}\n";

/* GLSL 1.20 has no integer %: m(a, b) is a mod b for a >= 0. */
const char *const kStackFs =
   "#version 120\n"
   "int m(int a, int b) { return a - (a / b) * b; }\n"
   "void main() {\n"
   "   float a[96];\n"
   "   int x = int(gl_FragCoord.x), y = int(gl_FragCoord.y);\n"
   "   for (int i = 0; i < 96; i++)\n"
   "      a[i] = float(m(i * 7 + x * 3 + y, 251));\n"
   "   float s = 0.0;\n"
   "   for (int i = 0; i < 8; i++)\n"
   "      s += a[m(x * 5 + y * 11 + i * 13, 96)];\n"
   "   gl_FragColor = vec4(mod(s, 256.0) / 255.0, a[m(x + y, 96)] / 255.0,\n"
   "                       a[m(x * y, 96)] / 255.0, 1.0);\n"
   "}\n";

} // namespace

void
fragment_order()
{
   GLuint counter;
   glGenBuffers(1, &counter);
   glBindBuffer(GL_SHADER_STORAGE_BUFFER, counter);
   const GLint zero = 0;
   glBufferData(GL_SHADER_STORAGE_BUFFER, sizeof(zero), &zero, GL_DYNAMIC_DRAW);
   glBindBufferBase(GL_SHADER_STORAGE_BUFFER, 0, counter);
   GLuint prog = link_program(kPositionVs, kCounterFs);
   glUseProgram(prog);
   draw_rect(prog, -1.0f, -1.0f, 0.0f, 1.0f);
   glDeleteProgram(prog);
   prog = link_program(kPositionVs, kStackFs);
   glUseProgram(prog);
   draw_rect(prog, 0.0f, -1.0f, 1.0f, 1.0f);
   glUseProgram(0);
   glDeleteProgram(prog);
   glDeleteBuffers(1, &counter);
}

} // namespace lsgpu::scene
