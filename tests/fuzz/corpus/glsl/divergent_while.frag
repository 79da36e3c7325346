#version 120
uniform float u[8];
varying vec2 w1;
void main() {
   vec2 z = vec2(0.0);
   int n = 0;
   while (dot(z, z) < 4.0 && n < 64) {
      z = vec2(z.x * z.x - z.y * z.y, 2.0 * z.x * z.y) + (w1 * 3.0 - 2.0) * u[0];
      n++;
   }
   gl_FragColor = vec4(float(n) / 64.0, z, 1.0);
}
