#version 120
uniform float u[8];
varying vec2 w1;
void main() {
   float x = w1.x;
   while (x >= -1.0)
      x = x * 0.5 + abs(u[1]); /* stays >= 0: the watchdog ends this draw */
   gl_FragColor = vec4(x);
}
