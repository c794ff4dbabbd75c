"""The Spanish edition's catalogue: every sentence figgen writes, in Spanish.

`CATALOGUE[table][key]` translates the English template `key` of the table a module registers
with figgen.i18n (the table names are listed there); the fields in braces stay as they are.
The terms follow the glossary, docs-i18n/GLOSSARY.es.md (retropropagación, función de pérdida,
tasa de aprendizaje, sesgo, capa oculta, pasada hacia adelante, ...). Numbers keep the decimal
point, as in the English edition: the templates format them with the same specs.
"""

from __future__ import annotations

CATALOGUE: dict[str, dict[str, str]] = {
    # -- figgen.article: figures' and animations' numbers, gradient check, citation ----------
    "article": {
        "title": "Retropropagación, número a número",
        "subtitle": "Cómo aprende XOR una pequeña red neuronal, número a número",
        "cite_version": "versión {version}",
        "cite_dev_version": "versión de desarrollo posterior a figgen {version}",
        "cite_numbers": "Números calculados por {version_text}.",
        "cite_data": "Archivos de datos (SHA-256): {files}.",
        "cite_original": ("Recrea a Omar U. Florez, One LEGO at a time: Explaining the Math of How "
                          "Neural Networks Learn."),
        "dev_title": "Una versión de desarrollo",
        "dev_warning": (
            "Estas páginas siguen la rama principal y se reconstruyen con cada cambio, así que sus "
            "números pueden cambiar mañana. Para citar números que no cambien, cita una versión "
            "publicada: elige una en el menú de versiones, arriba en la página."
        ),
        "checksums_intro": "Los archivos de datos de esta versión y sus sumas de comprobación SHA-256:",
        "checksums_verify": "Para comprobar una descarga, compara su suma SHA-256 con la de arriba:",
        "checksums_head": "| archivo | SHA-256 |",
        "figure": "Figura {n}",
        "animation": "Animación {n}",
        "and": "y",
        "gradcheck_head": "| gradiente | elementos | mayor diferencia | error relativo |",
        "gradcheck_title": "Los dos gradientes como texto",
        "gradcheck_intro": ("De `backward` (analítico) y de diferencias centradas de la pérdida "
                            "(numérico), con toda la precisión:"),
        "commit": "a partir del commit `{commit}`",
        "commit_dirty": "a partir del commit `{commit}` con cambios sin confirmar",
        "no_commit": "fuera de un repositorio git",
        "uncommitted": "con cambios sin confirmar",
        "provenance": ("Construido con figgen {figgen}, numpy {numpy} y Python {python}, {commit}. "
                       "Semillas: datos `RandomState({data_seed})`, pesos `RandomState({weight_seed})`."),
    },
    "prose": {"yes": "sí", "no": "no"},
    "site": {"toc_title": "En esta página"},
    # -- figgen.facts --------------------------------------------------------------------------
    "facts": {
        "observation.first": "la primera observación",
        "observation.other": "la observación {number} (la fila {row} del arreglo de numpy, que cuenta desde 0)",
    },
    # -- figgen.train: the animations' captions and alt texts --------------------------------
    "train.optimizers": {
        "gd": "descenso del gradiente con el lote completo",
        "adam": "Adam (lote completo)",
    },
    "train": {
        "caption": (
            "{hidden} {units} {bias}, {optimizer}, tasa de aprendizaje {learning_rate}, λ = {reg}, "
            "{steps:,} pasos sobre {points} puntos: exactitud final del {accuracy:.1%} en los puntos de "
            "entrenamiento y del {heldout:.1%} en {heldout_points:,} puntos nuevos."
        ),
        "alt": (
            "Animación de {steps:,} pasos de entrenamiento de una red con {hidden} {units} {bias}. "
            "A la izquierda, la exactitud de entrenamiento {path}; al final, la exactitud en "
            "{heldout_points:,} puntos nuevos es del {heldout:.1%}. En el centro, el plano de entrada "
            "coloreado según la clase que predice la red, con los puntos de entrenamiento encima. A la "
            "derecha, la pérdida pasa de {first_loss:.4f} a {final_loss:.4f}."
        ),
        "unit": "unidad oculta",
        "units": "unidades ocultas",
        "with_biases": "con sesgos",
        "without_biases": "sin sesgos",
        "path.steady": "pasa del {start:.1%} al {final:.1%}",
        "path.peak": "sube del {start:.1%} al {peak:.1%} hacia el paso {peak_step:,} y luego baja al {final:.1%}",
        "path.dip": (
            "pasa del {start:.1%} al {peak:.1%} hacia el paso {peak_step:,}, cae al {low:.1%} en el paso "
            "{low_step:,} y termina en el {final:.1%}"
        ),
    },
    # -- figgen.claims: the words a check puts into its numbers -------------------------------
    "claims.words": {
        "0": "cero", "1": "una", "2": "dos", "3": "tres", "4": "cuatro", "5": "cinco", "6": "seis",
        "7": "siete", "8": "ocho", "9": "nueve", "10": "diez",
        "fall": "bajar", "rise": "subir", "raise": "aumentar", "lower": "reducir", "and": "y",
        "infinite": "infinita",
    },
    # -- figgen.claims: every variant of every claim (key: "<claim id>.<variant>") ------------
    "claims": {
        "nan_sigmoid.true": (
            "en numpy, la sigmoide de los libros, $1/(1 + e^{{-z}})$, en $z = {z:g}$ desborda en "
            "$e^{{-z}}$ y devuelve {value:g}, con un aviso, no NaN. Para obtener NaN hace falta una "
            "fórmula que se tope dos veces con el infinito, como la pendiente escrita "
            "$e^{{-z}} / (1 + e^{{-z}})^2$, que ahí devuelve {slope}"
        ),
        "nan_route.zero_times_infinity": (
            "Si se dejan seguir, como [más abajo](#experiment) con `--lr {rate:g} --reg {reg:g}`, sus "
            "cuadrados desbordan a infinito en el paso {infinite_loss:,}, y la pérdida con ellos; en el "
            "paso {nan_step:,} desbordan los propios pesos, "
            "y una unidad oculta saturada, cuya sigmoide devuelve exactamente 0, se encuentra con un "
            "peso infinito en ${layer}$, y $0 \\times \\infty$ es NaN"
        ),
        "nan_route.infinity_minus_infinity": (
            "Si se dejan seguir, como [más abajo](#experiment) con `--lr {rate:g} --reg {reg:g}`, sus "
            "cuadrados desbordan a infinito en el paso {infinite_loss:,}, y la pérdida con ellos; en el "
            "paso {nan_step:,} desbordan los propios pesos, "
            "y ${layer}$ suma productos infinitos de los dos signos, y $\\infty - \\infty$ es NaN"
        ),
        "heldout_gap.gap": (
            "La red de {hidden} unidades de más abajo acierta en el {accuracy:.1%} de sus puntos de "
            "entrenamiento, pero solo en el {heldout:.1%} de los puntos nuevos"
        ),
        "heldout_gap.no_gap": (
            "La red de {hidden} unidades de más abajo acierta en el {accuracy:.1%} de sus puntos de "
            "entrenamiento y en el {heldout:.1%} de los puntos nuevos, no en menos"
        ),
        "worked_network.true": (
            "$W_1$ es una matriz de $2 \\times {hidden}$ y $b_1$ un vector de {words} sesgos, así que "
            "la **capa oculta** $h_1$ tiene {words} unidades"
        ),
        "init_slope.true": (
            "En los {points} puntos de entrenamiento, los pesos iniciales dan a las unidades ocultas "
            "una pendiente media $h_1 \\odot (1 - h_1)$ de {slope:.3f}, cerca de la mayor que puede "
            "tener una sigmoide, un cuarto"
        ),
        "x_signs.both_positive": "Las dos coordenadas son positivas",
        "x_signs.both_negative": "Las dos coordenadas son negativas",
        "x_signs.opposite": "Las coordenadas tienen signos opuestos",
        "prediction.wrong": (
            "La red se inclina por la clase {predicted}, con {predicted_output:.4f} frente a "
            "{other_output:.4f}, mientras que la etiqueta dice clase {label}: se equivoca"
        ),
        "prediction.right": (
            "La red se inclina por la clase {predicted}, con {predicted_output:.4f} frente a "
            "{other_output:.4f}, y la etiqueta dice clase {label}: acierta"
        ),
        "worked_unregularized.true": (
            "En el ejemplo resuelto hay una sola observación ($N = 1$) y ninguna regularización "
            "($\\lambda = {reg:g}$), así que la pérdida es la mitad de la distancia al cuadrado entre "
            "la predicción y la etiqueta"
        ),
        "output_errors.true": (
            "La salida de la clase de la etiqueta se queda corta ({label_output:.2f} donde la etiqueta "
            "pide 1), así que su error es negativo: subir ese elemento de $z_2$ reduciría la pérdida. La "
            "otra salida se pasa ({wrong_output:.2f} donde la etiqueta pide 0), y su error es positivo"
        ),
        "most_active.true": (
            "así que la unidad más activa, la unidad oculta {unit} con $h_1[{unit}] = {h1:.4f}$, se "
            "lleva la mayor parte de la culpa"
        ),
        "backward_cost.true": (
            "Esa reutilización hace barata la pasada hacia atrás: sus productos de matrices suman aquí "
            "{backward} multiplicaciones, frente a {forward} de la pasada hacia adelante, {ratio:.1f} "
            "veces más"
        ),
        "path_sum.disagree": (
            "Los dos caminos no están de acuerdo: a través de la salida {up}, subir $h_1[1]$ aumentaría "
            "la pérdida; a través de la salida {down}, la reduciría. El tirón a través de la salida "
            "{strong} es el más fuerte, así que, para reducir la pérdida, $h_1[1]$ debería {direction}"
        ),
        "path_sum.agree": (
            "Los dos caminos están de acuerdo: a través de cualquiera de las salidas, subir $h_1[1]$ "
            "haría {effect} la pérdida, así que, para reducirla, $h_1[1]$ debería {direction}"
        ),
        "w1_smaller.smaller": (
            "Estos gradientes son menores que los de $W_2$: la mayor magnitud en "
            "$\\partial L / \\partial W_1$ es {w1:.4f}, frente a {w2:.4f} en $\\partial L / \\partial W_2$. "
            "En su camino de vuelta, el error se ha multiplicado por los pesos de $W_2$, ninguno mayor "
            "que {w2_weight:.2f} en valor absoluto, y por la pendiente de una segunda sigmoide"
        ),
        "w1_smaller.not_smaller": (
            "Aquí estos gradientes no son menores que los de $W_2$: la mayor magnitud en "
            "$\\partial L / \\partial W_1$ es {w1:.4f}, frente a {w2:.4f} en $\\partial L / \\partial W_2$"
        ),
        "update_size.barely_original": (
            "Con $\\alpha = {alpha:g}$, como en el original, los pesos apenas se mueven: el elemento de "
            "$W_2$ con el mayor gradiente, $W_2[{j},{k}]$, pasa de {before:.8f} a {after:.8f}, y ningún "
            "parámetro cambia más del {relative:.2%} del mayor peso"
        ),
        "update_size.barely": (
            "Con $\\alpha = {alpha:g}$ los pesos apenas se mueven: el elemento de $W_2$ con el mayor "
            "gradiente, $W_2[{j},{k}]$, pasa de {before:.8f} a {after:.8f}, y ningún parámetro cambia "
            "más del {relative:.2%} del mayor peso"
        ),
        "update_size.large": (
            "Con $\\alpha = {alpha:g}$ el paso no es pequeño: el elemento de $W_2$ con el mayor "
            "gradiente, $W_2[{j},{k}]$, pasa de {before:.8f} a {after:.8f}, y un parámetro cambia el "
            "{relative:.1%} del mayor peso"
        ),
        "payoff.first_order": (
            "La pérdida pasa de {loss:.8f} a {loss_new:.8f}, un cambio de {change:.8f}, y la "
            "estimación de primer orden $-\\alpha \\lVert g \\rVert^2 = -{alpha:g} \\times {grad_sq:.8f} = "
            "{predicted:.8f}$ se desvía menos de un {gap_percent}% de él"
        ),
        "payoff.too_long": (
            "La pérdida pasa de {loss:.8f} a {loss_new:.8f}, un cambio de {change:.8f}, pero la "
            "estimación de primer orden $-\\alpha \\lVert g \\rVert^2 = -{alpha:g} \\times {grad_sq:.8f} = "
            "{predicted:.8f}$ se desvía un {gap:.0%}: este paso es demasiado largo para la aproximación "
            "de primer orden"
        ),
        "payoff.overshoot": (
            "La pérdida sube de {loss:.8f} a {loss_new:.8f}: el paso es tan largo que se pasa de "
            "largo, y la estimación de primer orden $-\\alpha \\lVert g \\rVert^2 = {predicted:.8f}$ no "
            "se cumple"
        ),
        "mirror_pairs.true": (
            "En la población de XOR, que es simétrica (un punto y su imagen especular son igual de "
            "probables y comparten etiqueta, y cada clase es la mitad), eso limita la exactitud de una "
            "red sin $b_1$ al {cap:.0%}: una clase entera bien y la otra, como mucho, a medias. Una "
            "muestra finita no es simétrica: los {points} puntos de entrenamiento no contienen ningún "
            "par especular exacto, y sobre ellos el argumento no impone ningún límite"
        ),
        "training_intro.far_larger": (
            "Ahora la red se entrena de verdad: descenso del gradiente con el lote completo de los "
            "{points} puntos, con la pasada hacia adelante, la pérdida, la pasada hacia atrás y la "
            "actualización de antes repetidas entre {fewest:,} y {most:,} veces. Las tasas de "
            "aprendizaje, {rates}, son mucho mayores que la del ejemplo resuelto, $\\alpha = {alpha:g}$: "
            "a ese ritmo, los movimientos que vimos en la actualización necesitarían al menos "
            "{factor:,.0f} veces más pasos para sumar lo mismo"
        ),
        "training_intro.larger": (
            "Ahora la red se entrena de verdad: descenso del gradiente con el lote completo de los "
            "{points} puntos, con la pasada hacia adelante, la pérdida, la pasada hacia atrás y la "
            "actualización de antes repetidas entre {fewest:,} y {most:,} veces, con tasas de "
            "aprendizaje de {rates}, mayores que la del ejemplo resuelto, $\\alpha = {alpha:g}$"
        ),
        "training_intro.not_larger": (
            "Ahora la red se entrena de verdad: descenso del gradiente con el lote completo de los "
            "{points} puntos, con la pasada hacia adelante, la pérdida, la pasada hacia atrás y la "
            "actualización de antes repetidas entre {fewest:,} y {most:,} veces, con tasas de "
            "aprendizaje de {rates} (la del ejemplo resuelto es $\\alpha = {alpha:g}$)"
        ),
        "hidden3_intro.same": (
            "**{Words} unidades ocultas**, la red que acabamos de desmontar a mano, desde los mismos "
            "pesos iniciales"
        ),
        "hidden3_intro.other": "**{Words} unidades ocultas**",
        "hidden3_course.dip": (
            "La exactitud sube al {peak:.1%} hacia el paso {peak_step:,} y luego retrocede al {low:.1%} "
            "en el paso {low_step:,}, aunque la pérdida sigue bajando, de {peak_loss:.4f} a "
            "{low_loss:.4f}: la pérdida premia que cada salida se acerque a su objetivo, también en los "
            "puntos que ya están del lado correcto, mientras que la exactitud solo cuenta el lado. "
            "Desde ahí la exactitud vuelve a subir poco a poco, hasta el {final:.1%} en el último paso, "
            "y la pérdida baja hasta {final_loss:.4f}"
        ),
        "hidden3_course.dip_plain": (
            "La exactitud sube al {peak:.1%} hacia el paso {peak_step:,}, retrocede al {low:.1%} en el "
            "paso {low_step:,} y termina en el {final:.1%}; la pérdida termina en {final_loss:.4f}"
        ),
        "hidden3_course.peak": (
            "La exactitud sube al {peak:.1%} hacia el paso {peak_step:,} y luego baja al {final:.1%} en "
            "el último paso; la pérdida pasa de {first_loss:.4f} a {final_loss:.4f}"
        ),
        "hidden3_course.steady": (
            "La exactitud pasa del {start:.1%} al {final:.1%}, y la pérdida de {first_loss:.4f} a "
            "{final_loss:.4f}"
        ),
        "hidden3_capacity.slow": (
            "Tres unidades no son pocas para esta frontera; lo que pasa es que el descenso del "
            "gradiente con esta tasa de aprendizaje es lento. Su exactitud sigue subiendo en el último "
            "paso ({middle:.1%} en el paso {middle_step:,}, {final:.1%} en el paso {steps:,}), y desde "
            "los mismos pesos iniciales Adam, una variante del descenso del gradiente que divide el "
            "paso de cada peso por el tamaño reciente de sus gradientes, llega al {adam:.1%} en los "
            "puntos de entrenamiento y al {adam_heldout:.1%} en los nuevos en {adam_steps:,} pasos, "
            "con una tasa de aprendizaje de {adam_rate:g}"
        ),
        "hidden3_capacity.better": (
            "Tres unidades no son pocas para esta frontera: desde los mismos pesos iniciales, Adam, una "
            "variante del descenso del gradiente que divide el paso de cada peso por el tamaño reciente "
            "de sus gradientes, llega al {adam:.1%} en los puntos de entrenamiento y al "
            "{adam_heldout:.1%} en los nuevos en {adam_steps:,} pasos (tasa de aprendizaje "
            "{adam_rate:g}), frente al {final:.1%} y el {heldout:.1%} de aquí"
        ),
        "hidden3_capacity.no_better": (
            "Desde los mismos pesos iniciales, Adam, una variante del descenso del gradiente que "
            "divide el paso de cada peso por el tamaño reciente de sus gradientes, llega al {adam:.1%} "
            "en los puntos de entrenamiento en {adam_steps:,} pasos (tasa de aprendizaje "
            "{adam_rate:g}), no mejor que el {final:.1%} de aquí"
        ),
        "hidden50_fits.fits": (
            "Con {hidden} unidades y $\\lambda = {reg:g}$, la frontera sigue de cerca los dos ejes: la "
            "exactitud de entrenamiento llega al {accuracy:.1%} (pérdida {loss:.4f}), y el "
            "{heldout:.1%} de los puntos nuevos se clasifica bien"
        ),
        "hidden50_fits.partial": (
            "Con {hidden} unidades y $\\lambda = {reg:g}$, la exactitud de entrenamiento llega al "
            "{accuracy:.1%} (pérdida {loss:.4f}), y el {heldout:.1%} de los puntos nuevos se clasifica bien"
        ),
        "reg_effect.little": (
            "Aquí la penalización cambia poco: entrenada sin ella ($\\lambda = 0$), desde el mismo "
            "punto de partida, la red termina con el {accuracy0:.1%} en los puntos de entrenamiento y "
            "el {heldout0:.1%} en los nuevos, frente al {accuracy:.1%} y el {heldout:.1%} con ella, y "
            "sus pesos son solo un {larger:.0%} mayores. (Su pérdida, {loss0:.4f}, no se puede comparar "
            "con la de arriba: no tiene término de penalización.)"
        ),
        "reg_effect.matters": (
            "Aquí la penalización importa: entrenada sin ella ($\\lambda = 0$), desde el mismo punto "
            "de partida, la red termina con el {accuracy0:.1%} en los puntos de entrenamiento y el "
            "{heldout0:.1%} en los nuevos, frente al {accuracy:.1%} y el {heldout:.1%} con ella, y sus "
            "pesos son un {larger:.0%} mayores"
        ),
        "reg_effect.none": "Este entrenamiento no tiene penalización ($\\lambda = 0$)",
        "nobias_intro.true": "**Las mismas {words} unidades sin sesgos**, con todo lo demás igual",
        "nobias_course.stuck_peak": (
            "La pérdida apenas se mueve, de {first_loss:.4f} a {final_loss:.4f}. La exactitud sube al "
            "{peak:.1%} hacia el paso {peak_step:,}, se mantiene a menos de un punto porcentual de ahí "
            "hasta el paso {plateau_end:,} y luego baja al {final:.1%} ({heldout:.1%} en puntos "
            "nuevos), mientras la pérdida sigue bajando poco a poco: como antes, la pérdida no es la "
            "exactitud"
        ),
        "nobias_course.stuck": (
            "La pérdida apenas se mueve, de {first_loss:.4f} a {final_loss:.4f}, y la exactitud pasa "
            "del {start:.1%} al {final:.1%} ({heldout:.1%} en puntos nuevos)"
        ),
        "nobias_course.moves": (
            "La pérdida pasa de {first_loss:.4f} a {final_loss:.4f}, y la exactitud del {start:.1%} al "
            "{final:.1%} ({heldout:.1%} en puntos nuevos)"
        ),
        "nobias_cap.stuck": (
            "El [argumento de simetría](#biases) limita una red sin $b_1$ al {cap:.0%} en la población "
            "de XOR, y este entrenamiento termina muy por debajo, también en los puntos nuevos: no lo "
            "frena el límite, sino que se ha atascado. Una tasa de aprendizaje {faster:g} veces mayor, "
            "con todo lo demás igual, lleva la misma red al {fast:.1%} en sus puntos de entrenamiento, "
            "por encima del límite, que solo se aplica a un conjunto de puntos simétrico; en los puntos "
            "nuevos obtiene el {fast_heldout:.1%}, y en esos puntos junto con sus imágenes especulares "
            "el {fast_mirror:.1%}, por debajo del límite del {fast_mirror_cap:.1%} que el argumento "
            "impone para ellos"
        ),
        "nobias_cap.stuck_under": (
            "El [argumento de simetría](#biases) limita una red sin $b_1$ al {cap:.0%} en la población "
            "de XOR, y este entrenamiento termina muy por debajo, también en los puntos nuevos: no lo "
            "frena el límite, sino que se ha atascado. Una tasa de aprendizaje {faster:g} veces mayor, "
            "con todo lo demás igual, lleva la misma red al {fast:.1%} en sus puntos de entrenamiento y "
            "al {fast_heldout:.1%} en los nuevos"
        ),
        "nobias_cap.near": (
            "El [argumento de simetría](#biases) limita una red sin $b_1$ al {cap:.0%} en la población "
            "de XOR; en los puntos nuevos junto con sus imágenes especulares, este entrenamiento "
            "obtiene el {mirror:.1%}, por debajo del límite del {mirror_cap:.1%} que el argumento "
            "impone para ellos"
        ),
        "gradcheck_rounding.true": (
            "El peor error relativo es {worst}. Errores tan pequeños vienen del redondeo en coma flotante"
        ),
        "backprop_fast.true": (
            "Contando las multiplicaciones de los productos de matrices, aquí una pasada hacia adelante "
            "necesita {forward} y la pasada hacia atrás {backward}, así que las {passes} pasadas hacia "
            "adelante de la comprobación del gradiente suman {check:,}, {times:.0f} veces las {both} de "
            "una pasada hacia adelante y una hacia atrás"
        ),
        "experiment_run.true": (
            "Esto entrena {hidden} unidades ocultas con una tasa de aprendizaje de {rate:g} y una "
            "penalización $\\lambda = {reg:g}$ durante {steps:,} pasos, escribe la animación en `{gif}` "
            "y termina con el {accuracy:.1%} en los puntos de entrenamiento y el {heldout:.1%} en los "
            "nuevos"
        ),
        "experiment_slow.slow": (
            "**Entrenamiento lento**: `{command}` usa una tasa de aprendizaje {smaller:g} veces menor; "
            "tras {steps:,} pasos su exactitud es del {accuracy:.1%}, donde la primera orden llegaba al "
            "{first:.1%}"
        ),
        "experiment_diverge.weights": (
            "**Una pérdida que se dispara**: `{command}` tiene $\\alpha \\lambda / N = {factor:.3g}$, más "
            "que 2, así que cada paso multiplica los pesos por $1 - \\alpha \\lambda / N = "
            "{multiplier:.3g}$ antes del tirón de los datos: cambian de signo y crecen. En el paso "
            "{step:,} un peso supera {limit:,.0f} y la pérdida vale {loss}; figgen se detiene ahí y no "
            "escribe nada. Si se dejara seguir, la pérdida sería infinita en el paso {infinite_loss:,} "
            "y NaN en el paso {nan_step:,}"
        ),
        "experiment_diverge.infinite": (
            "**Una pérdida que se dispara**: `{command}` tiene $\\alpha \\lambda / N = {factor:.3g}$, más "
            "que 2, así que cada paso multiplica los pesos por $1 - \\alpha \\lambda / N = "
            "{multiplier:.3g}$ antes del tirón de los datos: cambian de signo y crecen, en el paso "
            "{step:,} la pérdida es {loss}, y figgen se detiene sin escribir la animación"
        ),
        "experiment_no_bias.stuck": (
            "**Sin sesgos**: `{command}` termina con el {accuracy:.1%} ({heldout:.1%} en puntos "
            "nuevos), donde la primera orden llegaba al {first:.1%}"
        ),
    },
    # -- figgen.figures: colours, drawn words, alt texts, captions ----------------------------
    "figures.hues": {
        "blue": "azul", "amber": "ámbar", "green": "verde", "light blue, dashed": "azul claro, con trazo discontinuo",
        "vermilion": "bermellón", "purple": "morado",
    },
    "figures.diagrams": {
        "input_X": "entrada $X$",
        "hidden_h1": "capa oculta $h_1$",
        "output_h2": "salida $h_2$",
        "label_y": "etiqueta $y$",
        "class": "clase {c}",
        "since": "ya que",
        "input": "entrada",
        "weights": "pesos",
        "sigmoid": "sigmoide",
        "label": "etiqueta",
        "class_code": "clase {c}: [{code}]",
        "forward": "hacia adelante",
        "backward": "hacia atrás",
        "update_where": r"para $W_1, b_1, W_2, b_2$, con tasa de aprendizaje $\alpha$",
        "truth_table": "la tabla de verdad de XOR",
        "no_line": "ninguna recta acierta las cuatro esquinas",
        "class_points": "clase {c}: $y$ = [{code}], {n} puntos",
        "wrong": "fallos: {n}",
        "training_points": "los {n} puntos de entrenamiento",
    },
    "figures.equations": {
        "one_observation": "una observación (N = {n})",
        "observations": "{n} observaciones (N = {n})",
        "no_penalty": "sin penalización de los pesos (\u03bb = {reg})",
        "penalty": "penalización de los pesos \u03bb = {reg}",
        "output_error": "error de salida",
        "sigmoid_slope": "pendiente sigmoide",
        "layer_input": "entrada de capa",
        "steps_back": "un factor por cada paso atrás desde la pérdida:",
        "reused": "reutilizado del paso de W2",
        "per_weight": "{shape}: un número por cada peso de {layer}",
    },
    "figures.alt": {
        "initialized_network": (
            "La red {shape} antes del entrenamiento. Entrada X = {X}, etiqueta y = {y}, clase {c}. "
            "W1 = {W1} (fila i: entrada x_i; columna j: unidad oculta j). "
            "W2 = {W2} (fila j: unidad oculta j; columna k: salida k). "
            "Sesgos b1 = {b1} y b2 = {b2}."
        ),
        "update_w2": (
            "La red {shape} con las {n} conexiones de W2 y las aristas de sesgo de b2 dibujadas en "
            "trazo grueso. Encima, el camino hacia atrás desde la pérdida L hasta W2, una flecha por "
            "cada factor de la regla de la cadena: dL/dh2 ({dL_dh2}) de L a la salida h2, dh2/dz2 "
            "({dh2_dz2}) a través de la sigmoide de salida de h2 a z2, y dz2/dW2 = h1 ({dz2_dW2}) de z2 "
            "a los pesos. Arriba, la regla de la cadena dL/dW2 = dL/dh2 por dh2/dz2 por dz2/dW2, y "
            "dL/db2 = dL/dh2 por dh2/dz2, ya que dz2/db2 = 1."
        ),
        "update_w1": (
            "La red {shape} con las {n} conexiones de W1 y las aristas de sesgo de b1 dibujadas en "
            "trazo grueso. Encima, el camino hacia atrás desde la pérdida L hasta W1: dL/dz2 "
            "({dL_dz2}, reutilizado del paso de W2) de L hacia atrás a través de h2 hasta z2; luego "
            "dL/dh1 = dL/dz2 por W2 traspuesta ({dL_dh1}) a través de los pesos W2 hasta h1; dh1/dz1 "
            "({dh1_dz1}) a través de la sigmoide oculta; y dz1/dW1 = X ({dz1_dW1}) hasta los pesos W1. "
            "Arriba, la regla de la cadena dL/dW1 = dL/dh1 por dh1/dz1 por dz1/dW1, y "
            "dL/db1 = dL/dh1 por dh1/dz1, ya que dz1/db1 = 1."
        ),
        "overview2.code": "la clase {c} es y = {y}",
        "overview2": (
            "Las piezas del modelo colocadas sobre la red {n_in}-{hidden}-{n_out}: la entrada X, los "
            "pesos W1, una capa sigmoide h1, los pesos W2, una capa sigmoide h2 y la etiqueta y. Cada "
            "conexión de una entrada a una unidad oculta es un peso de W1, y cada conexión de una "
            "unidad oculta a una salida, un peso de W2; un nodo de sesgo suma b1 a la capa oculta y b2 "
            "a la capa de salida. Resaltados: la unidad oculta 1 y lo que la alimenta, los pesos "
            "W1[1,1] desde x1 y W1[2,1] desde x2, la primera columna de W1, y su sesgo. En forma "
            "matricial, la fila [x1 x2] (1 por {n_in}) por W1 ({n_in} por {hidden}) más b1, pasada por "
            "la sigmoide, da h1 (1 por {hidden}); h1 por W2 ({hidden} por {n_out}) más b2, pasada por "
            "la sigmoide, da h2 (1 por {n_out}); así que h1[1] = sigmoide(x1 W1[1,1] + x2 W1[2,1] + "
            "b1[1]). La etiqueta es one-hot: {codes}."
        ),
        "overview": (
            "El método en una imagen. Una pila de piezas, de abajo arriba: la entrada X, los pesos W1, "
            "la capa oculta h1, los pesos W2 y la salida h2. Junto a cada pieza, su ecuación hacia "
            "adelante: z1 = X W1 + b1, h1 = sigmoide(z1), z2 = h1 W2 + b2, h2 = sigmoide(z2); una "
            "flecha hacia arriba marca la pasada hacia adelante. Encima, la pérdida, L = 1/(2N) por la "
            "suma sobre las N observaciones de la distancia al cuadrado entre y y h2, más lambda/(2N) "
            "por el tamaño al cuadrado de W1 y W2. Una flecha hacia abajo marca la pasada hacia atrás, "
            "junto a la regla de la cadena: dL/dW2 = dL/dh2 por dh2/dz2 por dz2/dW2, y dL/dW1 = dL/dh1 "
            "por dh1/dz1 por dz1/dW1. Después, cada peso y cada sesgo dan un pequeño paso en contra de "
            "su gradiente: W <- W - alfa dL/dW, con una tasa de aprendizaje alfa: {rate} en el paso "
            "resuelto de más abajo, {run_rates} en los entrenamientos."
        ),
        "nonlinear_xor.true": "verdadero",
        "nonlinear_xor.false": "falso",
        "nonlinear_xor.row": "x1 > 0 es {a}, x2 > 0 es {b}: clase {c}",
        "nonlinear_xor.class": "{n} de la clase {c} (y = {y})",
        "nonlinear_xor": (
            "La tabla de verdad de XOR: {table}. Tres rectas trazadas sobre las cuatro esquinas fallan "
            "{wrong} esquinas: las dos esquinas de la clase 1 están en diagonal, una frente a otra, así "
            "que ninguna recta acierta las cuatro. Al lado, los {points} puntos de entrenamiento, "
            "{classes}: la clase 1 ocupa los cuadrantes donde exactamente una coordenada es positiva."
        ),
        "z1": "z1 = X W1 + b1, con X = {X}, W1 = {W1} y b1 = {b1}, da z1 = {z1}.",
        "h1": "h1 = sigmoide(z1), aplicada a cada elemento: sigmoide({z1}) = {h1}.",
        "z2": "z2 = h1 W2 + b2, con h1 = {h1}, W2 = {W2} y b2 = {b2}, da z2 = {z2}.",
        "h2": "h2 = sigmoide(z2), aplicada a cada elemento: sigmoide({z2}) = {h2}, la salida de la red.",
        "loss": (
            "La pérdida L = 1/(2N) por la suma sobre las observaciones de ||y - h2||^2, más "
            "lambda/(2N) (||W1||^2 + ||W2||^2). En el ejemplo resuelto N = {n}, lambda = {reg}, "
            "y = {y} y h2 = {h2}, así que L = {loss}."
        ),
        "chain_w2": (
            "La regla de la cadena para W2: dL/dW2 = dL/dh2 por dh2/dz2 por dz2/dW2, con las etiquetas "
            "error de salida, pendiente de la sigmoide y entrada de la capa. Cada factor es un paso "
            "atrás desde la pérdida L a h2, a z2, a W2, y cada uno tiene su propio color: "
            "dL/dh2 {dL_dh2}, dh2/dz2 {dh2_dz2}, dz2/dW2 {dz2_dW2}."
        ),
        "chain_w2_detailed": (
            "Los tres factores de dL/dW2 y sus valores. dL/dh2 = -(y - h2) = -({y} - {h2}) = {dL_dh2}. "
            "dh2/dz2 = h2 (1 - h2) = {dh2_dz2}. dz2/dW2 = h1 = {dz2_dW2}."
        ),
        "chain_w2_numbers": (
            "dL/dz2 = dL/dh2 por dh2/dz2, elemento a elemento: {dL_dh2} por {dh2_dz2} = {dL_dz2}. "
            "dL/dW2 = h1 traspuesta por dL/dz2, con h1 = {h1}: dL/dW2 = {dL_dW2}. La actualización "
            "W2* = W2 - {alpha} dL/dW2 con W2 = {W2} da W2* = {W2_new}."
        ),
        "chain_w1": (
            "La regla de la cadena para W1: dL/dW1 = dL/dh1 por dh1/dz1 por dz1/dW1. El primer factor "
            "se desarrolla como dL/dh1 = dL/dz2 por dz2/dh1 = dL/dz2 por W2 traspuesta, y "
            "dL/dz2 = dL/dh2 por dh2/dz2 es el producto ya calculado para W2: se reutiliza, no se "
            "vuelve a calcular."
        ),
        "chain_w1_numbers": (
            "Los factores de dL/dW1 con sus valores. dL/dh1 = dL/dz2 por W2 traspuesta, con "
            "dL/dz2 = {dL_dz2} reutilizado del paso de W2 y W2 = {W2}: dL/dh1 = {dL_dh1}. "
            "dh1/dz1 = h1 (1 - h1) con h1 = {h1}: dh1/dz1 = {dh1_dz1}. dz1/dW1 = X = {X}."
        ),
        "chain_w1_numbers_final": (
            "dL/dz1 = dL/dh1 por dh1/dz1, elemento a elemento: {dL_dh1} por {dh1_dz1} = {dL_dz1}. "
            "dL/dW1 = X traspuesta por dL/dz1, con X = {X}: dL/dW1 = {dL_dW1}. La actualización "
            "W1* = W1 - {alpha} dL/dW1 con W1 = {W1} da W1* = {W1_new}."
        ),
        "bias_gradients": (
            "Los gradientes de los sesgos. z2 = h1 W2 + b2, así que dz2/db2 = 1 y dL/db2 = dL/dz2 = "
            "{dL_db2}; b2* = b2 - {alpha} dL/db2 = {b2_new}. Del mismo modo, dL/db1 = dL/dz1 = "
            "{dL_db1}; b1* = {b1_new}."
        ),
        "copy_values": (
            "Los parámetros nuevos sustituyen a los antiguos antes del paso siguiente: W1 pasa a ser "
            "W1* = {W1_new}, W2 pasa a ser W2* = {W2_new}, b1 pasa a ser b1* = {b1_new} y b2 pasa a "
            "ser b2* = {b2_new}."
        ),
    },
    "figures.caption": {
        "initialized_network": ("La red antes de su primer paso: la observación X, su etiqueta y, y los "
                                "pesos iniciales aleatorios."),
        "update_w2": ("El error viaja hacia atrás desde la pérdida hasta W2 en tres pasos, un factor de "
                      "la regla de la cadena en cada uno."),
        "update_w1": ("Para llegar a W1, el error vuelve a través de W2, reutilizando dL/dz2, y luego a "
                      "través de la sigmoide oculta."),
        "overview2": "Cada pieza es una capa de la red; cada conexión es un peso de W1 o de W2.",
        "overview": ("Hacia adelante por las capas hasta la pérdida, de vuelta hacia abajo con la regla "
                     "de la cadena, y luego un pequeño paso para cada peso: la tasa de aprendizaje α es "
                     "{worked learning rate} en el paso resuelto de más abajo y {run learning rates} en "
                     "los entrenamientos."),
        "nonlinear_xor": ("XOR pone cada clase en dos esquinas opuestas, así que ninguna recta puede "
                          "separarlas."),
        "z1": "La entrada ponderada de la capa oculta: la observación por W1, más el sesgo b1.",
        "h1": "La salida de la capa oculta: la sigmoide comprime cada elemento de z1 en (0, 1).",
        "z2": "La entrada ponderada de la capa de salida: la salida oculta por W2, más el sesgo b2.",
        "h2": "La salida de la red: la sigmoide de z2, un número en (0, 1) por clase.",
        "loss": ("La pérdida de error cuadrático con su penalización de los pesos, y su valor en el "
                 "ejemplo resuelto."),
        "chain_w2": ("El gradiente de la pérdida respecto de W2 es un producto de tres factores, uno por "
                     "cada paso de W2 a la pérdida."),
        "chain_w2_detailed": "Cada factor de la regla de la cadena de W2, como fórmula y como números.",
        "chain_w2_numbers": ("Los factores multiplicados dan el gradiente dL/dW2, de 3 por 2, y los pesos "
                             "actualizados W2*."),
        "chain_w1": ("La regla de la cadena de W1 reutiliza dL/dz2, el producto de los dos primeros "
                     "factores del paso de W2."),
        "chain_w1_numbers": ("Cada factor de la regla de la cadena de W1 como números, con dL/dz2 tomado "
                             "del paso de W2."),
        "chain_w1_numbers_final": ("Los factores multiplicados dan el gradiente dL/dW1, de 2 por 3, y los "
                                   "pesos actualizados W1*."),
        "bias_gradients": ("Un sesgo mueve la entrada de su capa uno a uno, así que su gradiente es el "
                           "error en esa entrada."),
        "copy_values": ("Los pesos y sesgos actualizados sustituyen a los antiguos, y el paso siguiente "
                        "parte de ellos."),
    },
    # -- figgen.explain: what every value is, and how a screen reader says its name -------------
    "explain.spoken": {"learning_rate": "alfa", "reg": "lambda"},
    "explain": {
        "X": "la entrada {i} de la red: la coordenada {i} de la observación {row} del conjunto de datos",
        "y": "la etiqueta de la salida {k}: 1 para la clase de la observación, 0 para la otra",
        "W1": "el peso de la entrada {i} a la unidad oculta {j}, elegido al azar antes del entrenamiento",
        "b1": "el sesgo de la unidad oculta {j}; los sesgos empiezan en cero",
        "W2": "el peso de la unidad oculta {j} a la salida {k}, elegido al azar antes del entrenamiento",
        "b2": "el sesgo de la salida {k}; los sesgos empiezan en cero",
        "z1": "la suma ponderada de las entradas de la unidad oculta {j}, más su sesgo",
        "h1": ("la salida de la unidad oculta {j}: la sigmoide σ(z) = 1 / (1 + e^(−z)) de su entrada "
               "ponderada"),
        "z2": "la suma ponderada de las salidas de las unidades ocultas en la salida {k}, más su sesgo",
        "h2": "la salida {k} de la red: la sigmoide de su entrada ponderada",
        "loss": "la mitad de la distancia al cuadrado entre la etiqueta y la salida",
        "loss_penalty": ("la mitad de la distancia al cuadrado entre la etiqueta y la salida, más la "
                         "penalización de los pesos"),
        "dL_dh2": "cómo cambia la pérdida con la salida {k}: la salida menos su etiqueta",
        "dh2_dz2": "la pendiente de la sigmoide en la salida {k}, escrita con su salida: h (1 − h)",
        "dL_dz2": "la señal de error en la entrada ponderada de la salida {k}: los dos factores multiplicados",
        "dz2_dW2": ("cómo cambia la entrada ponderada de una salida con un peso que sale de la unidad "
                    "oculta {j}: la salida de esa unidad"),
        "dL_dW2": ("el gradiente del peso de la unidad oculta {j} a la salida {k}: la activación en su "
                   "origen por el error en su destino"),
        "dL_dW2_penalty": ("el gradiente del peso de la unidad oculta {j} a la salida {k}: la activación "
                           "en su origen por el error en su destino, más el tirón de la penalización "
                           "sobre el peso"),
        "dL_db2": ("el gradiente del sesgo de la salida {k}: un sesgo mueve su entrada ponderada uno a "
                   "uno, así que su gradiente es el error ahí"),
        "dL_dh1": ("la unidad oculta {j} alimenta todas las salidas: el error en cada salida por el peso "
                   "del camino, sumado"),
        "dh1_dz1": "la pendiente de la sigmoide en la unidad oculta {j}, escrita con su salida: h (1 − h)",
        "dL_dz1": ("la señal de error en la entrada ponderada de la unidad oculta {j}: los dos factores "
                   "multiplicados"),
        "dz1_dW1": ("cómo cambia la entrada ponderada de una unidad oculta con un peso que sale de la "
                    "entrada {i}: esa entrada"),
        "dL_dW1": ("el gradiente del peso de la entrada {i} a la unidad oculta {j}: la entrada en su "
                   "origen por el error en su destino"),
        "dL_dW1_penalty": ("el gradiente del peso de la entrada {i} a la unidad oculta {j}: la entrada en "
                           "su origen por el error en su destino, más el tirón de la penalización sobre "
                           "el peso"),
        "dL_db1": "el gradiente del sesgo de la unidad oculta {j}: el error en su entrada ponderada",
        "W1_new": ("el peso de la entrada {i} a la unidad oculta {j} tras un paso en contra de su "
                   "gradiente"),
        "b1_new": "el sesgo de la unidad oculta {j} tras un paso en contra de su gradiente",
        "b1_fixed": "el sesgo de la unidad oculta {j}, que esta red no entrena",
        "W2_new": ("el peso de la unidad oculta {j} a la salida {k} tras un paso en contra de su "
                   "gradiente"),
        "b2_new": "el sesgo de la salida {k} tras un paso en contra de su gradiente",
        "b2_fixed": "el sesgo de la salida {k}, que esta red no entrena",
        "loss_new": ("la pérdida de la misma observación tras el paso: la pasada hacia adelante "
                     "repetida con W₁*, b₁*, W₂* y b₂*"),
        "loss_new_penalty": ("la pérdida de la misma observación tras el paso, con la penalización: la "
                             "pasada hacia adelante repetida con W₁*, b₁*, W₂* y b₂*"),
        "learning_rate": "la tasa de aprendizaje del paso del ejemplo resuelto",
        "reg": "la penalización de los pesos en la pérdida",
    },
    # -- figgen.explore: the figures' numbers and "Values as text" ------------------------------
    "explore": {
        "group": ("Números de la figura {n}: las flechas del teclado pasan de uno a otro, y cada uno "
                  "dice cómo se calculó"),
        "values_summary": "Valores como texto: {names}",
        "value_head": "{name}, {shape}: {about}.",
        "value_head_scalar": "{name}: {about}.",
        "value_elsewhere": "{name}, {shape}: sus elementos están listados bajo la figura {n}.",
        "value_elsewhere_scalar": "{name}: listado bajo la figura {n}.",
        "entry": "elemento",
        "value": "valor",
        "computed": "calculado como",
        "copy": "Copiar enlace",
        "copy_label": "Copiar enlace a {name}",  # holds the button's text, "Copiar enlace" (WCAG 2.5.3)
        "copied": "Enlace copiado",
        "numpy": ("Como numpy (con toda la precisión, los mismos números que `data/walkthrough.json`). "
                  "numpy cuenta desde 0 y las figuras desde 1: el W₁[i,j] de las figuras es aquí "
                  "`W1[i - 1, j - 1]`, y h₁[j] es `h1[0, j - 1]`."),
        "latex": "Como LaTeX (8 decimales, como en la figura):",
        "anchors_key": "valor",
        "anchors_value": "su enlace",
        "anchors_entries": "los enlaces de sus elementos, del primero … al último",
    },
    # -- figgen.player: the animation players -----------------------------------------------------
    "player": {
        "group": "Animación {number}: entrenamiento de una red con {hidden} unidades ocultas {biases}",
        "with_biases": "con sesgos",
        "without_biases": "sin sesgos",
        "play": "Reproducir",
        "pause": "Pausa",
        "slider": "Paso mostrado",
        "valuetext": ("paso {step} de {steps}: exactitud de entrenamiento {accuracy}, exactitud en "
                      "puntos nuevos {heldout}, pérdida {loss}"),
        "step": "Paso",
        "step_of": "{step} de {steps}",
        "accuracy": "Exactitud de entrenamiento",
        "heldout": "Exactitud en puntos nuevos",
        "loss": "Pérdida",
        "plane_title": "Clase predicha",
        "class_0": "clase 0",
        "class_1": "clase 1",
        "plane_alt": (
            "El plano de entrada, de {low} a {high} en los dos ejes, sombreado según la clase que "
            "predice la red en el paso mostrado, con los {points} puntos de entrenamiento encima: los "
            "círculos son la clase 0 y los triángulos, la clase 1."
        ),
        "x1": "x\u2081",
        "x2": "x\u2082",
        "accuracy_title": "Exactitud",
        "training_curve": "entrenamiento",
        "heldout_curve": "puntos nuevos ({points})",
        "accuracy_summary": (
            "Exactitud por paso, con el eje de pasos en escala logarítmica: la exactitud de "
            "entrenamiento {path}; en puntos nuevos, del {heldout_0} al {heldout_1}."
        ),
        "loss_title": "Pérdida",
        "loss_summary": "Pérdida por paso, con el eje de pasos en escala logarítmica: de {loss_0} a {loss_1}.",
        "step_axis": "paso (escala logarítmica)",
        "download": "Descargar como GIF:",
        "download_light": "claro",
        "download_dark": "oscuro",
        # the same number formats: the decimal point stays (figgen.i18n)
        "percent": "{:.1%}",
        "percent_tick": "{:.0%}",
        "loss_value": "{:.4f}",
        "count": "{:,}",
    },
    # -- figgen.animate: the titles of the downloadable GIFs (the step axis is the player's) -------
    "animate": {
        "accuracy": "exactitud {accuracy:.1%}",
        "step": "paso {step:,} de {steps:,}",
        "loss": "pérdida {loss:.4f}",
    },
    # -- figgen.schema: the data files page's tables ------------------------------------------------
    "schema.walkthrough": {
        "X": ("la observación: la fila del conjunto de datos que indica `walkthrough.row` (la fila 0, "
              "la primera, por defecto)"),
        "y": "su etiqueta one-hot: la clase 0 es [1, 0] y la clase 1 es [0, 1]",
        "W1": "pesos de la entrada a la capa oculta antes del paso",
        "b1": "sesgos ocultos antes del paso (cero)",
        "W2": "pesos de la capa oculta a la salida antes del paso",
        "b2": "sesgos de salida antes del paso (cero)",
        "z1": "entrada ponderada oculta, X W1 + b1",
        "h1": "salida oculta, sigmoid(z1)",
        "z2": "entrada ponderada de salida, h1 W2 + b2",
        "h2": "la salida de la red, sigmoid(z2)",
        "loss": "L, error cuadrático más la penalización L2 (aquí la penalización es cero: reg = 0)",
        "dL_dh2": "dL/dh2 = -(y - h2) / N",
        "dh2_dz2": "dh2/dz2 = h2 (1 - h2)",
        "dL_dz2": "dL/dz2 = dL/dh2 * dh2/dz2 (elemento a elemento)",
        "dL_dW2": "dL/dW2 = h1^T dL/dz2 + reg/N W2",
        "dL_db2": "dL/db2, dL/dz2 sumado sobre las observaciones",
        "dL_dh1": "dL/dh1 = dL/dz2 W2^T",
        "dh1_dz1": "dh1/dz1 = h1 (1 - h1)",
        "dL_dz1": "dL/dz1 = dL/dh1 * dh1/dz1 (elemento a elemento)",
        "dL_dW1": "dL/dW1 = X^T dL/dz1 + reg/N W1",
        "dL_db1": "dL/db1, dL/dz1 sumado sobre las observaciones",
        "W1_new": "W1 tras el paso, W1 - learning_rate dL/dW1",
        "b1_new": "b1 tras el paso",
        "W2_new": "W2 tras el paso",
        "b2_new": "b2 tras el paso",
        "loss_new": "L con los parámetros de después del paso, en la misma observación",
        "learning_rate": "alfa, el tamaño del paso (la tasa de aprendizaje)",
        "reg": "lambda, el peso de la penalización L2",
    },
    "schema.training": {
        "name": ("el nombre estable del entrenamiento; su animación es `animations/<name>-es.gif` "
                 "(con las palabras en inglés, `animations/<name>.gif`)"),
        "hidden": "H, el número de unidades ocultas",
        "learning_rate": "alfa, la tasa de aprendizaje",
        "reg": "lambda, el peso de la penalización L2",
        "steps": "pasos de entrenamiento, cada uno sobre todos los puntos de entrenamiento",
        "optimizer": "`gd` (descenso del gradiente, W := W - alfa dL/dW) o `adam`",
        "bias": "si la red tiene sesgos b1 y b2",
        "data_seed": "semilla del RandomState de los datos de XOR",
        "n_points": "N, el número de puntos de entrenamiento",
        "weight_seed": "semilla del RandomState de los pesos",
        "final_accuracy": "exactitud de entrenamiento tras el último paso, de 0 a 1",
        "final_loss": "pérdida tras el último paso",
        "heldout_points": "en cuántos puntos nuevos se mide la exactitud de validación",
        "heldout_seed": ("semilla de su RandomState (se generan como los puntos de entrenamiento, pero "
                         "nunca se entrena con ellos)"),
        "final_heldout_accuracy": "exactitud en los puntos nuevos tras el último paso, de 0 a 1",
        "history": "los fotogramas de la animación: un objeto con cuatro listas de la misma longitud",
        "history.step": "el paso que muestra cada fotograma, de 0 a steps",
        "history.loss": "la pérdida en el paso de cada fotograma",
        "history.accuracy": "la exactitud de entrenamiento en el paso de cada fotograma",
        "history.heldout_accuracy": "la exactitud en los puntos nuevos en el paso de cada fotograma",
        "W1": "pesos finales de la entrada a la capa oculta",
        "b1": "sesgos ocultos finales (ceros sin sesgos)",
        "W2": "pesos finales de la capa oculta a la salida",
        "b2": "sesgos de salida finales (ceros sin sesgos)",
    },
}
