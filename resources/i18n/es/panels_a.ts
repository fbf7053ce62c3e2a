<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>ActivationsPanel</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/activations_panel.py" line="63"/>
        <source>Per map</source>
        <translation>Por mapa</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/activations_panel.py" line="64"/>
        <source>Scale each map to its own minimum and maximum</source>
        <translation>Escalar cada mapa entre su propio mínimo y máximo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/activations_panel.py" line="65"/>
        <source>Per layer</source>
        <translation>Por capa</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/activations_panel.py" line="66"/>
        <source>One scale for the whole layer: maps are comparable</source>
        <translation>Una sola escala para toda la capa: los mapas son comparables</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/activations_panel.py" line="72"/>
        <source>◀ All maps</source>
        <translation>◀ Todos los mapas</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/activations_panel.py" line="73"/>
        <source>Back to the grid (Esc)</source>
        <translation>Volver a la cuadrícula (Esc)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/activations_panel.py" line="82"/>
        <source>Scale:</source>
        <translation>Escala:</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/activations_panel.py" line="87"/>
        <location filename="../../../cnnviz/gui/panels/activations_panel.py" line="113"/>
        <source>Loading model…</source>
        <translation>Cargando el modelo…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/activations_panel.py" line="94"/>
        <source>unit</source>
        <translation>unidad</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/activations_panel.py" line="124"/>
        <source>Could not load the model: {reason}</source>
        <translation>No se pudo cargar el modelo: {reason}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/activations_panel.py" line="127"/>
        <source>loading {source} was cancelled</source>
        <translation>se canceló la carga de {source}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/activations_panel.py" line="132"/>
        <source>No activations for this model: {reason}</source>
        <translation>No hay activaciones para este modelo: {reason}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/activations_panel.py" line="134"/>
        <source>Draw on the canvas to see activations</source>
        <translation>Dibujar en el lienzo para ver las activaciones</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/activations_panel.py" line="204"/>
        <source>map {index} of {count}</source>
        <translation>mapa {index} de {count}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../cnnviz/gui/panels/activations_panel.py" line="206"/>
        <source>%n maps</source>
        <translation>
            <numerusform>%n mapa</numerusform>
            <numerusform>%n mapas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../../cnnviz/gui/panels/activations_panel.py" line="234"/>
        <source>%n units</source>
        <translation>
            <numerusform>%n unidad</numerusform>
            <numerusform>%n unidades</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/activations_panel.py" line="257"/>
        <source>map {index}, row {row}, col {col}: {value}</source>
        <translation>mapa {index}, fila {row}, col. {col}: {value}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/activations_panel.py" line="274"/>
        <source>unit {unit}: {value}</source>
        <translation>unidad {unit}: {value}</translation>
    </message>
</context>
<context>
    <name>ArchitectureFooter</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/architecture_footer.py" line="18"/>
        <source>Show functional operations (x + y, F.relu…)</source>
        <translation>Mostrar operaciones funcionales (x + y, F.relu…)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/architecture_footer.py" line="19"/>
        <source>Also list what the model computes with plain functions, not layers: ResNet&apos;s skip additions, F.relu, torch.flatten. They have no parameters; their outputs show in Activations.</source>
        <translation>Listar también lo que el modelo calcula con funciones simples y no con capas: las sumas de las conexiones residuales de ResNet, F.relu, torch.flatten. No tienen parámetros; sus salidas se ven en Activaciones.</translation>
    </message>
</context>
<context>
    <name>ArchitecturePanel</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/architecture_panel.py" line="31"/>
        <source>Layer</source>
        <translation>Capa</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/architecture_panel.py" line="32"/>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/architecture_panel.py" line="33"/>
        <source>Output</source>
        <translation>Salida</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/architecture_panel.py" line="34"/>
        <source>Params</source>
        <translation>Parám.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/architecture_panel.py" line="35"/>
        <source>Train</source>
        <translation>Entrenar</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/architecture_panel.py" line="36"/>
        <source>RF</source>
        <translation>CR</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/architecture_panel.py" line="37"/>
        <source>Jump</source>
        <translation>Salto</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/architecture_panel.py" line="38"/>
        <source>FLOPs</source>
        <translation>FLOPs</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/architecture_panel.py" line="42"/>
        <source>Receptive field: the input region (height×width) one unit of this layer sees</source>
        <translation>Campo receptivo (CR): la región de la entrada (alto×ancho) que ve una unidad de esta capa</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/architecture_panel.py" line="45"/>
        <source>Effective stride: input pixels between neighbouring units of this layer</source>
        <translation>Paso efectivo (salto): píxeles de la entrada entre unidades vecinas de esta capa</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/architecture_panel.py" line="48"/>
        <source>Floating-point operations for one input (2 per multiply-accumulate; biases not counted)</source>
        <translation>Operaciones de coma flotante para una entrada (2 por multiplicación-acumulación; sin contar los sesgos)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/architecture_panel.py" line="95"/>
        <source>Loading model…</source>
        <translation>Cargando el modelo…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/architecture_panel.py" line="152"/>
        <source>Untick to freeze this layer&apos;s weights during training</source>
        <translation>Desmarcar para congelar los pesos de esta capa durante el entrenamiento</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/architecture_panel.py" line="171"/>
        <source>all</source>
        <comment>receptive field: the whole input</comment>
        <translation>toda</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../cnnviz/gui/panels/architecture_panel.py" line="196"/>
        <source>{model}: {total} parameters ({trainable} trainable), %n layers</source>
        <translation>
            <numerusform>{model}: {total} parámetros ({trainable} entrenables), %n capa</numerusform>
            <numerusform>{model}: {total} parámetros ({trainable} entrenables), %n capas</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AttributionControls</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="27"/>
        <source>Class probability</source>
        <translation>Probabilidad de la clase</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="28"/>
        <source>Feature-map activation</source>
        <translation>Activación del mapa de características</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="29"/>
        <source>Most probable label</source>
        <translation>Etiqueta más probable</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="81"/>
        <source>The class whose score is explained (Top class: the model&apos;s answer)</source>
        <translation>La clase cuya puntuación se explica (Más probable: la respuesta del modelo)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="85"/>
        <source>Grad-CAM: the layer whose feature maps are weighed (default: the last conv)</source>
        <translation>Grad-CAM: la capa cuyos mapas de características se ponderan (por defecto: la última convolución)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="87"/>
        <source>SmoothGrad: how many noisy copies are averaged</source>
        <translation>SmoothGrad: cuántas copias con ruido se promedian</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="93"/>
        <source>SmoothGrad: noise σ as a share of the input&apos;s range (10–20 % works well)</source>
        <translation>SmoothGrad: σ del ruido como fracción del rango de la entrada (10–20 % funciona bien)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="95"/>
        <source>Integrated gradients: points on the path from the baseline</source>
        <translation>Gradientes integrados: puntos del camino desde la línea base</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="96"/>
        <source>Occlusion: side of the grey square, in input pixels</source>
        <translation>Oclusión: lado del cuadrado gris, en píxeles de la entrada</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="97"/>
        <source>Occlusion: step of the square, in input pixels</source>
        <translation>Oclusión: paso del cuadrado, en píxeles de la entrada</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="101"/>
        <source>Occlusion: the feature map whose total activation is shown</source>
        <translation>Oclusión: el mapa de características cuya activación total se muestra</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="104"/>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="133"/>
        <source>Class</source>
        <translation>Clase</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="105"/>
        <source>Unit (layer, channel)</source>
        <translation>Unidad (capa, canal)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="107"/>
        <source>Feature visualisation: maximise the chosen class or a layer&apos;s channel</source>
        <translation>Visualización de características: maximizar la clase elegida o un canal de una capa</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="109"/>
        <source>Feature visualisation: gradient ascent steps</source>
        <translation>Visualización de características: pasos de ascenso de gradiente</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="112"/>
        <source>Samples</source>
        <translation>Muestras</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="112"/>
        <source>Noise</source>
        <translation>Ruido</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="113"/>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="120"/>
        <source>Steps</source>
        <translation>Pasos</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="115"/>
        <source>Square</source>
        <translation>Cuadrado</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="116"/>
        <source>Stride</source>
        <translation>Paso</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="117"/>
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="120"/>
        <source>Maximise</source>
        <translation>Maximizar</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="128"/>
        <source>Layer</source>
        <translation>Capa</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="128"/>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="131"/>
        <source>Method</source>
        <translation>Método</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_controls.py" line="211"/>
        <source>Top class</source>
        <translation>Más probable</translation>
    </message>
</context>
<context>
    <name>AttributionDisplay</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_display.py" line="41"/>
        <source>Over the input</source>
        <translation>Sobre la entrada</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_display.py" line="42"/>
        <location filename="../../../cnnviz/gui/panels/attribution_display.py" line="118"/>
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_display.py" line="68"/>
        <source>Feature visualisation ({height}×{width})</source>
        <translation>Visualización de características ({height}×{width})</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_display.py" line="104"/>
        <source>Class probability per square position ({size})</source>
        <translation>Probabilidad de la clase según la posición del cuadrado ({size})</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_display.py" line="108"/>
        <source>Most probable label per square position ({size})</source>
        <translation>Etiqueta más probable según la posición del cuadrado ({size})</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_display.py" line="112"/>
        <source>Total per square position ({size})</source>
        <translation>Total según la posición del cuadrado ({size})</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_display.py" line="115"/>
        <source>Map at {layer} ({size})</source>
        <translation>Mapa en {layer} ({size})</translation>
    </message>
</context>
<context>
    <name>AttributionMethods</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_methods.py" line="48"/>
        <source>Grad-CAM</source>
        <translation>Grad-CAM</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_methods.py" line="51"/>
        <source>Guided Grad-CAM</source>
        <translation>Grad-CAM guiado</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_methods.py" line="55"/>
        <source>Saliency</source>
        <translation>Saliencia</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_methods.py" line="56"/>
        <source>SmoothGrad</source>
        <translation>SmoothGrad</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_methods.py" line="57"/>
        <source>Guided backprop</source>
        <translation>Retropropagación guiada</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_methods.py" line="58"/>
        <source>Integrated gradients</source>
        <translation>Gradientes integrados</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_methods.py" line="60"/>
        <source>Occlusion</source>
        <translation>Oclusión</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_methods.py" line="64"/>
        <source>Feature visualisation</source>
        <translation>Visualización de características</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_methods.py" line="188"/>
        <source>&lt;b&gt;{method}&lt;/b&gt; for class &lt;b&gt;{name}&lt;/b&gt; (score {score})</source>
        <translation>&lt;b&gt;{method}&lt;/b&gt; para la clase &lt;b&gt;{name}&lt;/b&gt; (puntuación {score})</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_methods.py" line="192"/>
        <source> at layer &lt;b&gt;{layer}&lt;/b&gt;</source>
        <translation> en la capa &lt;b&gt;{layer}&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_methods.py" line="197"/>
        <source> · completeness error {error}</source>
        <translation> · error de completitud {error}</translation>
    </message>
</context>
<context>
    <name>AttributionPanel</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_panel.py" line="47"/>
        <source>Draw or open an image to see which pixels matter.</source>
        <translation>Dibujar o abrir una imagen para ver qué píxeles importan.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_run_bar.py" line="18"/>
        <location filename="../../../cnnviz/gui/panels/attribution_run_bar.py" line="52"/>
        <source>Run</source>
        <translation>Ejecutar</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_run_bar.py" line="20"/>
        <location filename="../../../cnnviz/gui/panels/attribution_run_bar.py" line="59"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_run_bar.py" line="29"/>
        <source>Opacity of the map over the input</source>
        <translation>Opacidad del mapa sobre la entrada</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_run_bar.py" line="36"/>
        <source>Opacity</source>
        <translation>Opacidad</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_panel.py" line="119"/>
        <source>Attribution cannot copy this model: {error}</source>
        <translation>La atribución no puede copiar este modelo: {error}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_panel.py" line="139"/>
        <source>The input changed, so the run was stopped. {next}</source>
        <translation>La entrada cambió, así que se detuvo el cálculo. {next}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_panel.py" line="142"/>
        <source>The input changed. {next}</source>
        <translation>La entrada cambió. {next}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_panel.py" line="179"/>
        <source>Press Run to compute {method} (it takes a while: progress below, Cancel stops it).</source>
        <translation>Pulsar Ejecutar para calcular {method} (tarda un poco: el progreso se ve abajo; Cancelar lo detiene).</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_panel.py" line="235"/>
        <source>Cancelled. {next}</source>
        <translation>Cancelado. {next}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_run_bar.py" line="54"/>
        <source>Recompute</source>
        <translation>Recalcular</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_run_bar.py" line="57"/>
        <source>Stop</source>
        <translation>Detener</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_panel.py" line="261"/>
        <source>{method} failed: {error}</source>
        <translation>{method} falló: {error}</translation>
    </message>
</context>
<context>
    <name>AttributionViews</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_views.py" line="146"/>
        <source>&lt;span style=&apos;color:#d33&apos;&gt;■ red&lt;/span&gt;: raises the score · &lt;span style=&apos;color:#48c&apos;&gt;■ blue&lt;/span&gt;: lowers it · near-white: no effect</source>
        <translation>&lt;span style=&apos;color:#d33&apos;&gt;■ rojo&lt;/span&gt;: sube la puntuación · &lt;span style=&apos;color:#48c&apos;&gt;■ azul&lt;/span&gt;: la baja · casi blanco: sin efecto</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_views.py" line="151"/>
        <source>bright yellow: strongest · dark blue: none</source>
        <translation>amarillo brillante: máximo · azul oscuro: nada</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/attribution_views.py" line="152"/>
        <source>pale yellow: strongest · black: none</source>
        <translation>amarillo pálido: máximo · negro: nada</translation>
    </message>
</context>
<context>
    <name>ConvModelStep</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model.py" line="35"/>
        <source>Draw or open an image: the step-through reads the model&apos;s real input.</source>
        <translation>Dibujar o abrir una imagen: el paso a paso lee la entrada real del modelo.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model.py" line="73"/>
        <location filename="../../../cnnviz/gui/panels/conv_model.py" line="169"/>
        <location filename="../../../cnnviz/gui/panels/conv_model.py" line="249"/>
        <source>Play</source>
        <translation>Reproducir</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model.py" line="79"/>
        <source>Compute</source>
        <translation>Calcular</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model.py" line="80"/>
        <source>A large model: run it up to this layer for the current image</source>
        <translation>Un modelo grande: ejecutarlo hasta esta capa para la imagen actual</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model.py" line="100"/>
        <source>Layer</source>
        <translation>Capa</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model.py" line="101"/>
        <source>Output channel</source>
        <translation>Canal de salida</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model.py" line="102"/>
        <source>Row</source>
        <translation>Fila</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model.py" line="103"/>
        <source>Col</source>
        <translation>Col.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model.py" line="110"/>
        <source>Input channel</source>
        <translation>Canal de entrada</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model.py" line="136"/>
        <source>The step-through cannot copy this model: {error}</source>
        <translation>El paso a paso no puede copiar este modelo: {error}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model.py" line="146"/>
        <source>This model has no Conv2d layer to step through.</source>
        <translation>Este modelo no tiene ninguna capa Conv2d que recorrer paso a paso.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model.py" line="197"/>
        <source>The model failed: {error}</source>
        <translation>El modelo falló: {error}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model.py" line="252"/>
        <source>Pause</source>
        <translation>Pausa</translation>
    </message>
</context>
<context>
    <name>ConvSandbox</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_words.py" line="29"/>
        <source>CNN layers compute cross-correlation: the kernel slides over the input as it is. True convolution first rotates the kernel by 180° (flips it top-to-bottom and left-to-right); the two agree for symmetric kernels, and a learned kernel can be either, so libraries skip the flip.</source>
        <translation>Las capas de una CNN calculan la correlación cruzada: el kernel se desliza sobre la entrada tal cual. La convolución verdadera primero gira el kernel 180° (lo voltea de arriba abajo y de izquierda a derecha); ambas coinciden para kernels simétricos y un kernel aprendido puede ser cualquiera de las dos, por eso las bibliotecas omiten el volteo.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_words.py" line="38"/>
        <source>zero</source>
        <translation>ceros</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_words.py" line="39"/>
        <source>reflect</source>
        <translation>reflejo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_words.py" line="40"/>
        <source>replicate</source>
        <translation>réplica</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_words.py" line="41"/>
        <source>symmetric</source>
        <translation>simétrico</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_words.py" line="42"/>
        <source>circular</source>
        <translation>circular</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_sandbox.py" line="97"/>
        <source>Rows separated by &apos;;&apos;, numbers by spaces. One row is a 1-D signal.</source>
        <translation>Filas separadas por &apos;;&apos; y números por espacios. Una sola fila es una señal 1-D.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_sandbox.py" line="106"/>
        <source>True convolution (flip the kernel)</source>
        <translation>Convolución verdadera (voltear el kernel)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_sandbox.py" line="140"/>
        <location filename="../../../cnnviz/gui/panels/conv_sandbox.py" line="268"/>
        <source>Play</source>
        <translation>Reproducir</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_sandbox.py" line="147"/>
        <source>Input</source>
        <translation>Entrada</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_sandbox.py" line="148"/>
        <source>Kernel</source>
        <translation>Kernel</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_sandbox.py" line="150"/>
        <source>Padding</source>
        <translation>Relleno</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_sandbox.py" line="151"/>
        <source>top</source>
        <translation>arriba</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_sandbox.py" line="151"/>
        <source>bottom</source>
        <translation>abajo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_sandbox.py" line="151"/>
        <source>left</source>
        <translation>izquierda</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_sandbox.py" line="151"/>
        <source>right</source>
        <translation>derecha</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_sandbox.py" line="156"/>
        <source>mode</source>
        <translation>modo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_sandbox.py" line="157"/>
        <source>stride</source>
        <translation>paso</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_sandbox.py" line="158"/>
        <source>dilation</source>
        <translation>dilatación</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_sandbox.py" line="164"/>
        <source>bias</source>
        <translation>sesgo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_sandbox.py" line="172"/>
        <source>Padded input</source>
        <translation>Entrada con relleno</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_sandbox.py" line="173"/>
        <source>Kernel as applied</source>
        <translation>Kernel aplicado</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_sandbox.py" line="174"/>
        <source>Output</source>
        <translation>Salida</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_sandbox.py" line="219"/>
        <source>height</source>
        <translation>alto</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_sandbox.py" line="219"/>
        <source>width</source>
        <translation>ancho</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_sandbox.py" line="255"/>
        <source>output ({row}, {col}): {sum}</source>
        <translation>salida ({row}, {col}): {sum}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_sandbox.py" line="271"/>
        <source>Pause</source>
        <translation>Pausa</translation>
    </message>
</context>
<context>
    <name>ConvWords</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_words.py" line="18"/>
        <source>window positions</source>
        <translation>ventana en posiciones</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_words.py" line="19"/>
        <source>window rows</source>
        <translation>ventana en filas</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_words.py" line="20"/>
        <source>cols</source>
        <translation>columnas</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_words.py" line="21"/>
        <source>Σ over</source>
        <translation>Σ sobre</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_words.py" line="22"/>
        <source>input channels</source>
        <translation>canales de entrada</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_words.py" line="23"/>
        <source>input channel</source>
        <translation>canal de entrada</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_words.py" line="24"/>
        <source>bias</source>
        <translation>sesgo</translation>
    </message>
</context>
<context>
    <name>ConvolutionPanel</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/convolution_panel.py" line="22"/>
        <source>On the model</source>
        <translation>En el modelo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/convolution_panel.py" line="23"/>
        <source>Sandbox</source>
        <translation>Prueba libre</translation>
    </message>
</context>
<context>
    <name>DeconvPanel</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/deconv_panel.py" line="42"/>
        <source>Draw or open an image, then click a unit in the Activations panel&apos;s enlarged map.</source>
        <translation>Dibujar o abrir una imagen y luego hacer clic en una unidad del mapa ampliado del panel Activaciones.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/deconv_panel.py" line="90"/>
        <source>The feature map (or unit of a vector layer) to project from</source>
        <translation>El mapa de características (o la unidad de una capa vectorial) desde el que se proyecta</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/deconv_panel.py" line="92"/>
        <source>Strongest in this map</source>
        <translation>La más fuerte de este mapa</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/deconv_panel.py" line="93"/>
        <source>Project the largest activation of the chosen feature map</source>
        <translation>Proyectar la mayor activación del mapa de características elegido</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/deconv_panel.py" line="97"/>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/deconv_panel.py" line="103"/>
        <source>Input the unit sees</source>
        <translation>Entrada que ve la unidad</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/deconv_panel.py" line="104"/>
        <source>Deconvnet projection</source>
        <translation>Proyección de la deconvnet</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/deconv_panel.py" line="109"/>
        <source>Projection: grey is zero; lighter and darker show the pixels that drive the unit.</source>
        <translation>Proyección: el gris es cero; los tonos más claros y más oscuros muestran los píxeles que activan la unidad.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/deconv_panel.py" line="130"/>
        <source>The deconvnet cannot copy this model: {error}</source>
        <translation>La deconvnet no puede copiar este modelo: {error}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/deconv_panel.py" line="237"/>
        <source>No projection: {error}</source>
        <translation>Sin proyección: {error}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/deconv_panel.py" line="256"/>
        <source>unit {channel}</source>
        <translation>unidad {channel}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/deconv_panel.py" line="258"/>
        <source>unit (channel {channel}, row {row}, col {col}), the strongest in this map</source>
        <translation>unidad (canal {channel}, fila {row}, col. {col}), la más fuerte de este mapa</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/deconv_panel.py" line="262"/>
        <source>unit (channel {channel}, row {row}, col {col})</source>
        <translation>unidad (canal {channel}, fila {row}, col. {col})</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/deconv_panel.py" line="267"/>
        <source>sees rows {top}–{bottom}, cols {left}–{right}</source>
        <translation>ve las filas {top}–{bottom}, columnas {left}–{right}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/deconv_panel.py" line="271"/>
        <source>sees the input</source>
        <translation>ve toda la entrada</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/deconv_panel.py" line="272"/>
        <source>&lt;b&gt;{layer}&lt;/b&gt; · {unit} · activation &lt;b&gt;{value}&lt;/b&gt; · {seen}</source>
        <translation>&lt;b&gt;{layer}&lt;/b&gt; · {unit} · activación &lt;b&gt;{value}&lt;/b&gt; · {seen}</translation>
    </message>
</context>
<context>
    <name>FeatVis</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/featvis_job.py" line="94"/>
        <source>class &lt;b&gt;{name}&lt;/b&gt;</source>
        <translation>la clase &lt;b&gt;{name}&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/featvis_job.py" line="98"/>
        <source>channel &lt;b&gt;{channel}&lt;/b&gt; of layer &lt;b&gt;{layer}&lt;/b&gt;</source>
        <translation>el canal &lt;b&gt;{channel}&lt;/b&gt; de la capa &lt;b&gt;{layer}&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/featvis_job.py" line="101"/>
        <source>unit {row},{col} of channel &lt;b&gt;{channel}&lt;/b&gt; of layer &lt;b&gt;{layer}&lt;/b&gt;</source>
        <translation>la unidad {row},{col} del canal &lt;b&gt;{channel}&lt;/b&gt; de la capa &lt;b&gt;{layer}&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/featvis_job.py" line="112"/>
        <source>logit</source>
        <translation>logit</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/featvis_job.py" line="114"/>
        <source>activation</source>
        <translation>activación</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/featvis_job.py" line="115"/>
        <source>&lt;b&gt;Feature visualisation&lt;/b&gt; of {target}: step {step} of {steps}, {what} {value}</source>
        <translation>&lt;b&gt;Visualización de características&lt;/b&gt; para {target}: paso {step} de {steps}, {what} {value}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/featvis_job.py" line="124"/>
        <source> · stopped</source>
        <translation> · detenida</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/featvis_job.py" line="127"/>
        <source>An input the target responds to strongly, grown by gradient ascent from faint noise (with jitter, scaling, blur and L2 decay); the drawn image plays no part.</source>
        <translation>Una entrada a la que el objetivo responde con fuerza, generada por ascenso de gradiente a partir de un ruido tenue (con desplazamientos aleatorios, escalado, desenfoque y decaimiento L2); la imagen dibujada no interviene.</translation>
    </message>
</context>
<context>
    <name>FiltersPanel</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/filters_panel.py" line="42"/>
        <source>Sort by norm</source>
        <translation>Ordenar por norma</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/filters_panel.py" line="43"/>
        <source>Strongest filters (largest L2 norm of the weights) first</source>
        <translation>Primero los filtros más fuertes (mayor norma L2 de los pesos)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/filters_panel.py" line="44"/>
        <source>Norms</source>
        <translation>Normas</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/filters_panel.py" line="45"/>
        <source>Show each filter&apos;s L2 norm next to its bias</source>
        <translation>Mostrar la norma L2 de cada filtro junto a su sesgo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/filters_panel.py" line="47"/>
        <source>Select a convolution layer to see its filters</source>
        <translation>Seleccionar una capa de convolución para ver sus filtros</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/filters_panel.py" line="95"/>
        <source>No filters for this model: {reason}</source>
        <translation>No hay filtros para este modelo: {reason}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/filters_panel.py" line="97"/>
        <source>{layer} is not a convolution: no filters to show</source>
        <translation>{layer} no es una convolución: no hay filtros que mostrar</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/filters_panel.py" line="101"/>
        <source>This layer is not a convolution: no filters to show</source>
        <translation>Esta capa no es una convolución: no hay filtros que mostrar</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../cnnviz/gui/panels/filters_panel.py" line="118"/>
        <source>%n filters</source>
        <translation>
            <numerusform>%n filtro</numerusform>
            <numerusform>%n filtros</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../../cnnviz/gui/panels/filters_panel.py" line="119"/>
        <source>%n channels</source>
        <translation>
            <numerusform>%n canal</numerusform>
            <numerusform>%n canales</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/filters_panel.py" line="171"/>
        <source>filter {index}, input channel {channel}</source>
        <translation>filtro {index}, canal de entrada {channel}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/filters_panel.py" line="173"/>
        <source>filter {index} (R, G, B)</source>
        <translation>filtro {index} (R, G, B)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/filters_panel.py" line="175"/>
        <source>bias {value}</source>
        <translation>sesgo {value}</translation>
    </message>
</context>
<context>
    <name>StepView</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model_views.py" line="168"/>
        <source>✗ differs</source>
        <translation>✗ no coincide</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model_views.py" line="170"/>
        <source>model computed: {value} {mark}</source>
        <translation>el modelo calculó: {value} {mark}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model_views.py" line="173"/>
        <source>the layer&apos;s own output at this position: {value}</source>
        <translation>la salida de la propia capa en esta posición: {value}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model_views.py" line="176"/>
        <source>input channel {channel}, {sum}</source>
        <translation>canal de entrada {channel}, {sum}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model_views.py" line="203"/>
        <source>Input channel {channel} of {count} ({height}×{width})</source>
        <translation>Canal de entrada {channel} de {count} ({height}×{width})</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model_views.py" line="206"/>
        <source>Window (padded input)</source>
        <translation>Ventana (entrada con relleno)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model_views.py" line="207"/>
        <source>Kernel weight[{out}, {k}]</source>
        <translation>Kernel (weight[{out}, {k}])</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model_views.py" line="208"/>
        <source>Products</source>
        <translation>Productos</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model_views.py" line="209"/>
        <source>Σ per input channel</source>
        <translation>Σ por canal de entrada</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model_views.py" line="210"/>
        <source>Output channel {channel}, before activation</source>
        <translation>Canal de salida {channel}, antes de la activación</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model_views.py" line="219"/>
        <source>activation: {name} ({layer})</source>
        <translation>activación: {name} ({layer})</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model_views.py" line="223"/>
        <source>activation: see next layer ({layer}, {type})</source>
        <translation>activación: ver la capa siguiente ({layer}, {type})</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model_views.py" line="227"/>
        <source>activation: see next layer</source>
        <translation>activación: ver la capa siguiente</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/conv_model_views.py" line="228"/>
        <source>Output size — height: {height}    width: {width}
Parameters: {parameters}    {activation}</source>
        <translation>Tamaño de salida — alto: {height}    ancho: {width}
Parámetros: {parameters}    {activation}</translation>
    </message>
</context>
</TS>
