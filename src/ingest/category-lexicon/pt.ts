import type { SurvivalCategory } from "./en.js";
import { terms } from "./terms.js";

/**
 * Portuguese survival terms per category (Brazilian and European spellings
 * where they differ), hand-written for Almanac from the words Portuguese
 * survival and first-aid manuals use, with their common plural and verb forms.
 * "iodo" is left out (old English pharmacopoeias print it), "sol" appears only
 * as "o sol" / "do sol", and "nós" ("we") is not listed for knots.
 */
export const pt: Record<SurvivalCategory, readonly string[]> = {
  water: terms(`água, águas, água potável, potável, purificar, purificação, ferver, fervura, fervida, filtrar, filtro,
    filtragem, desidratação, sede, cantil, nascente, poço, cloro, água sanitária, água da chuva, condensação`),
  fire: terms(`fogo, fogueira, isca, gravetos, lenha, pederneira, faísca, faíscas, fósforos, brasas, chama, chamas,
    combustível, acender, acenda, fazer fogo`),
  shelter: terms(`abrigo, abrigos, abrigo improvisado, barraca, tenda, lona, cabana, choupana, bivaque, caverna de neve,
    isolamento, quebra-vento, acampamento, saco de dormir`),
  "first-aid": terms(`primeiros socorros, ferida, feridas, ferimento, ferimentos, sangramento, hemorragia, curativo,
    bandagem, atadura, torniquete, fratura, fraturas, tala, queimadura, queimaduras, choque, rcp, reanimação, infecção,
    lesão, lesões, entorse, hipotermia, congelamento, insolação, envenenamento, intoxicação, picada de cobra,
    mordida de cobra, antisséptico, pulso`),
  food: terms(`alimento, alimentos, comida, comestível, comestíveis, plantas, frutas, bagas, peixe, peixes, pescar, pesca,
    armadilha, armadilhas, laço, caça, caçar, carne, cozinhar, raízes, insetos, ração, rações, conservar, conservação,
    defumação, secagem`),
  navigation: terms(`navegação, orientação, orientar-se, bússola, mapa, mapas, norte, sul, rumo, azimute, direção,
    estrela polar, ponto de referência, o sol, do sol, estrelas, rota`),
  signaling: terms(`sinal, sinais, sinalização, espelho, sinalizador, apito, fumaça, fumo, resgate, socorro,
    pedido de socorro, baliza, rádio, frequência, avião, aeronave, helicóptero`),
  weather:
    terms(`clima, meteorologia, tempestade, tempestades, nuvem, nuvens, chuva, vento, ventos, barômetro, barómetro,
    pressão atmosférica, trovão, trovoada, relâmpago, raio, raios, previsão do tempo, temperatura, neve, nevoeiro,
    neblina, geada, umidade, humidade, granizo`),
  "tools-and-knots": terms(`nó, corda, cordas, cordão, cordame, amarração, lais de guia, faca, canivete, machado,
    machadinha, serrote, ferramenta, ferramentas, afiar, amolar, pedra de amolar, emenda`),
  hygiene: terms(`higiene, lavar, lavar as mãos, lavagem, sabão, sabonete, saneamento, latrina, banheiro, sanitário,
    dentes, limpo, limpeza, piolhos, desinfetar, desinfecção, álcool em gel, banho, lixo, resíduos`),
};
