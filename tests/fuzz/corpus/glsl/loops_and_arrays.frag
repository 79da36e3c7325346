#version 120
uniform float u[8];
uniform int ui;
varying vec4 w0;
varying vec2 w1;
void main() {
   float a[20];
   for (int i = 0; i < 20; i++)
      a[i] = float(i) * w1.x;
   float s = 0.0;
   for (int i = 0; i < ui; i++) {
      if (a[i] > u[i - (i / 8) * 8]) break;
      s += a[i];
   }
   gl_FragColor = vec4(s, a[int(w1.y * 19.0)], u[ui], 1.0);
}
