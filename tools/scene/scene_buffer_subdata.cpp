/* SPDX-License-Identifier: MIT */
/*
 * The "buffer_subdata" scene: a vertex buffer filled piece by piece with
 * glBufferSubData between the draws that read it. The top half's 32 squares each come
 * from a range of the buffer nothing had written before (the driver maps such ranges
 * without waiting for the GPU); the bottom half's 32 squares all come from one range,
 * rewritten before each draw while the draw before may still be reading it (the
 * driver must wait, or every square lands where the last one did).
 */
#define GL_GLEXT_PROTOTYPES
#include <GL/gl.h>
#include <GL/glext.h>

#include "scenes.h"

namespace lsgpu::scene
{

namespace
{

const char *const kFs = "#version 120\n"
                        "uniform vec4 colour;\n"
                        "void main() { gl_FragColor = colour; }\n";

/* Square i of an 8×8 grid over the framebuffer, as a four-vertex strip. */
void
square(unsigned i, float out[8])
{
   const float x0 = -1.0f + 0.25f * (float)(i % 8), y0 = 1.0f - 0.25f * (float)(i / 8 + 1);
   const float x1 = x0 + 0.2f, y1 = y0 + 0.2f;
   const float v[8] = {x0, y0, x1, y0, x0, y1, x1, y1};
   for (unsigned k = 0; k < 8; k++)
      out[k] = v[k];
}

} // namespace

void
buffer_subdata()
{
   const GLuint prog = link_program(kPositionVs, kFs);
   glUseProgram(prog);
   const GLint colour = glGetUniformLocation(prog, "colour");
   const GLint position = glGetAttribLocation(prog, "position");
   GLuint vbo;
   glGenBuffers(1, &vbo);
   glBindBuffer(GL_ARRAY_BUFFER, vbo);
   const GLsizeiptr piece = 8 * sizeof(float);
   glBufferData(GL_ARRAY_BUFFER, 32 * piece, nullptr, GL_STREAM_DRAW);
   glVertexAttribPointer(position, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
   glEnableVertexAttribArray(position);
   float v[8];
   for (unsigned i = 0; i < 64; i++) {
      square(i, v);
      const unsigned slot = i < 32 ? i : 0; /* the bottom half reuses slot 0 */
      glBufferSubData(GL_ARRAY_BUFFER, slot * piece, piece, v);
      glUniform4f(colour, (float)(i % 4) / 3.0f, (float)(i / 4 % 4) / 3.0f, (float)(i / 16) / 3.0f,
                  1.0f);
      glDrawArrays(GL_TRIANGLE_STRIP, (GLint)(4 * slot), 4);
   }
   glDisableVertexAttribArray(position);
   glBindBuffer(GL_ARRAY_BUFFER, 0);
   glDeleteBuffers(1, &vbo);
   glUseProgram(0);
   glDeleteProgram(prog);
}

} // namespace lsgpu::scene
