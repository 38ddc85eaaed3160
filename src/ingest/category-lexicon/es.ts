import type { SurvivalCategory } from "./en.js";
import { terms } from "./terms.js";

/**
 * Spanish survival terms per category, hand-written for Almanac from the words
 * Spanish survival and first-aid manuals use, with their common plural and
 * verb forms. Words that are also common English words ("llama", "machete",
 * "sierra", "combustible") are left out and "sol" appears only as "el sol" /
 * "del sol" (English texts print "SOL." for solution), so an English book
 * gains no tags from them.
 */
export const es: Record<SurvivalCategory, readonly string[]> = {
  water:
    terms(`agua, aguas, agua potable, potabilizar, potabilización, purificar, purificación, purifique, hervir, hierva,
    hervida, hervido, filtrar, filtre, filtro, filtración, deshidratación, sed, cantimplora, manantial, pozo, yodo, cloro,
    lejía, agua de lluvia, condensación, destilador solar`),
  fire: terms(`fuego, fogata, hoguera, fogón, yesca, leña, astillas, pedernal, chispa, chispas, cerillas, fósforos, brasas,
    ascuas, encender, encienda, encender fuego, hacer fuego, fuego de campamento`),
  shelter: terms(`refugio, refugios, cobijo, tienda de campaña, lona, choza, cabaña, vivac, cueva de nieve, aislamiento,
    cortavientos, campamento, techo, saco de dormir, refugio improvisado`),
  "first-aid": terms(`primeros auxilios, herida, heridas, herido, hemorragia, sangrado, sangre, vendaje, venda, vendas,
    torniquete, fractura, fracturas, férula, entablillar, quemadura, quemaduras, estado de shock, rcp, reanimación,
    infección, lesión, lesiones, esguince, hipotermia, congelación, golpe de calor, intoxicación, envenenamiento,
    mordedura de serpiente, antiséptico, pulso, apósito, presión directa`),
  food: terms(`alimento, alimentos, comida, comestible, comestibles, plantas, bayas, frutos, pescado, pescar, pesca, trampa,
    trampas, lazo, caza, cazar, carne, cocinar, cocción, raíces, insectos, ración, raciones, conservar, conservación,
    ahumado, ahumar, secado, recolección`),
  navigation: terms(`navegación, orientación, orientarse, brújula, mapa, mapas, norte, sur, rumbo, azimut, dirección,
    estrella polar, latitud, longitud, punto de referencia, el sol, del sol, estrellas, ruta`),
  signaling: terms(`señal, señales, señalización, espejo, espejo de señales, bengala, bengalas, silbato, humo, rescate,
    socorro, pedir ayuda, baliza, morse, radio, frecuencia, auxilio, avión, aeronave, helicóptero`),
  weather: terms(`clima, meteorología, tormenta, tormentas, nube, nubes, lluvia, viento, vientos, barómetro, presión
    atmosférica, trueno, truenos, relámpago, relámpagos, rayo, rayos, pronóstico, temperatura, nieve, niebla, helada,
    heladas, humedad, granizo`),
  "tools-and-knots": terms(`nudo, nudos, cuerda, cuerdas, cordel, soga, amarre, ligadura, as de guía, cuchillo, navaja,
    hacha, serrucho, herramienta, herramientas, afilar, piedra de afilar, empalme`),
  hygiene:
    terms(`higiene, lavar, lavarse, lavado, lavado de manos, jabón, saneamiento, letrina, letrinas, retrete, inodoro,
    dientes, limpio, limpieza, piojos, desinfectar, desinfección, desinfectante, bañarse, baño, residuos, basura`),
};
