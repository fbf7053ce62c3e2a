<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>ChannelTops</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/topk_grids.py" line="114"/>
        <source>Feature map</source>
        <translation>Mapa de características</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/topk_grids.py" line="137"/>
        <source>map {channel}   max {value}</source>
        <translation>mapa {channel}   máx. {value}</translation>
    </message>
</context>
<context>
    <name>CropsAndProjections</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/topk_grids.py" line="82"/>
        <source>Receptive fields (value)</source>
        <translation>Campos receptivos (valor)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/topk_grids.py" line="83"/>
        <source>Deconvnet projections</source>
        <translation>Proyecciones deconvnet</translation>
    </message>
</context>
<context>
    <name>InputPanel</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/input_panel.py" line="35"/>
        <source>Auto</source>
        <translation>Auto</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/input_panel.py" line="36"/>
        <source>Invert</source>
        <translation>Invertir</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/input_panel.py" line="37"/>
        <source>Keep</source>
        <translation>Mantener</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/input_panel.py" line="59"/>
        <source>Brush size (pixels of the 280×280 canvas)</source>
        <translation>Tamaño del pincel (píxeles del lienzo de 280×280)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/input_panel.py" line="61"/>
        <source>Eraser</source>
        <translation>Borrador</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/input_panel.py" line="61"/>
        <source>Paint with the background colour (E)</source>
        <translation>Pintar con el color de fondo (E)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/input_panel.py" line="63"/>
        <source>Undo</source>
        <translation>Deshacer</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/input_panel.py" line="63"/>
        <source>Undo (Ctrl+Z)</source>
        <translation>Deshacer (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/input_panel.py" line="64"/>
        <source>Redo</source>
        <translation>Rehacer</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/input_panel.py" line="64"/>
        <source>Redo (Ctrl+Shift+Z)</source>
        <translation>Rehacer (Ctrl+Mayús+Z)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/input_panel.py" line="65"/>
        <source>Clear</source>
        <translation>Limpiar</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/input_panel.py" line="65"/>
        <source>Erase the whole canvas (Delete)</source>
        <translation>Borrar todo el lienzo (Supr)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/input_panel.py" line="67"/>
        <source>Sample</source>
        <translation>Muestra</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/input_panel.py" line="67"/>
        <source>A random validation image from the training data set</source>
        <translation>Una imagen de validación al azar del conjunto de datos de entrenamiento</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/input_panel.py" line="77"/>
        <source>Auto inverts a photo of dark ink on light paper for a model trained on light-on-dark digits</source>
        <translation>«Auto» invierte una foto de tinta oscura sobre papel claro para un modelo entrenado con dígitos claros sobre fondo oscuro</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/input_panel.py" line="83"/>
        <source>Brush</source>
        <translation>Pincel</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/input_panel.py" line="88"/>
        <source>Polarity</source>
        <translation>Polaridad</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/input_panel.py" line="165"/>
        <source>Could not open the image: {error}</source>
        <translation>No se pudo abrir la imagen: {error}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/input_panel.py" line="174"/>
        <source>The pasted image is empty.</source>
        <translation>La imagen pegada está vacía.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/input_panel.py" line="187"/>
        <source>The clipboard holds no image.</source>
        <translation>El portapapeles no contiene ninguna imagen.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/input_panel.py" line="209"/>
        <source>Sample {index} of {dataset}: true class {label}</source>
        <translation>Muestra {index} de {dataset}: clase verdadera {label}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/input_panel.py" line="223"/>
        <source>Draw a digit here</source>
        <translation>Dibujar un dígito aquí</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/input_panel.py" line="223"/>
        <source>Draw, or drop an image here</source>
        <translation>Dibujar, o soltar una imagen aquí</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/input_panel.py" line="233"/>
        <source>{layer} ({row}, {col}) sees rows {top}–{bottom}, cols {left}–{right}</source>
        <translation>{layer} ({row}, {col}) ve las filas {top}–{bottom}, columnas {left}–{right}</translation>
    </message>
</context>
<context>
    <name>KernelEditor</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_editor.py" line="45"/>
        <source>Edit a weight: the result updates at once. Headers count from the centre cell, which sits over the output pixel.</source>
        <translation>Editar un peso: el resultado se actualiza al instante. Los encabezados cuentan desde la celda central, que queda sobre el píxel de salida.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_editor.py" line="59"/>
        <source>Every weight is divided by this number (16 for the 3×3 Gaussian)</source>
        <translation>Cada peso se divide entre este número (16 para el gaussiano de 3×3)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_editor.py" line="118"/>
        <source>&apos;{text}&apos; is not a number: the weight stays {old}</source>
        <translation>&apos;{text}&apos; no es un número: el peso sigue siendo {old}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_editor.py" line="130"/>
        <source>The divisor must be a non-zero number, not &apos;{text}&apos;</source>
        <translation>El divisor debe ser un número distinto de cero, no &apos;{text}&apos;</translation>
    </message>
</context>
<context>
    <name>KernelsPanel</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="28"/>
        <source>identity</source>
        <translation>identidad</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="29"/>
        <source>box blur</source>
        <translation>desenfoque de caja</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="30"/>
        <source>Gaussian blur</source>
        <translation>desenfoque gaussiano</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="31"/>
        <source>sharpen</source>
        <translation>enfoque</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="32"/>
        <source>Sobel x</source>
        <translation>Sobel x</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="33"/>
        <source>Sobel y</source>
        <translation>Sobel y</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="34"/>
        <source>Prewitt x</source>
        <translation>Prewitt x</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="35"/>
        <source>Prewitt y</source>
        <translation>Prewitt y</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="36"/>
        <source>Laplacian</source>
        <translation>laplaciano</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="37"/>
        <source>emboss</source>
        <translation>relieve</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="38"/>
        <source>outline</source>
        <translation>contorno</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="42"/>
        <source>zero</source>
        <translation>ceros</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="43"/>
        <source>reflect</source>
        <translation>reflejo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="44"/>
        <source>replicate</source>
        <translation>réplica</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="45"/>
        <source>symmetric</source>
        <translation>simétrico</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="46"/>
        <source>circular</source>
        <translation>circular</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="49"/>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="57"/>
        <source>Model input</source>
        <translation>Entrada del modelo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="50"/>
        <source>Canvas (full size)</source>
        <translation>Lienzo (tamaño completo)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="53"/>
        <source>Signed (blue − / red +)</source>
        <translation>Con signo (azul − / rojo +)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="54"/>
        <source>Clip to 0–1</source>
        <translation>Recortar a 0–1</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="58"/>
        <source>Canvas</source>
        <translation>Lienzo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="61"/>
        <source>Hover a pixel to see its products and sum: each output pixel is Σ weight × pixel under it, kernel centre over the pixel (cross-correlation, as CNN layers compute it).</source>
        <translation>Pasar el ratón sobre un píxel para ver sus productos y su suma: cada píxel de salida es Σ peso × píxel bajo él, con el centro del kernel sobre el píxel (correlación cruzada, como la calculan las capas de una CNN).</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="72"/>
        <source>Identity: copies every pixel unchanged, because only the centre weight is 1.</source>
        <translation>Identidad: copia cada píxel sin cambios, porque solo el peso central vale 1.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="76"/>
        <source>Box blur: replaces each pixel by the plain average of its neighbourhood, smoothing away noise and fine detail.</source>
        <translation>Desenfoque de caja: sustituye cada píxel por la media simple de su vecindario, suavizando el ruido y los detalles finos.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="81"/>
        <source>Gaussian blur: a weighted average that counts near neighbours more than far ones, a softer, more natural blur than the box.</source>
        <translation>Desenfoque gaussiano: una media ponderada que cuenta más los vecinos cercanos que los lejanos, un desenfoque más suave y natural que el de caja.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="86"/>
        <source>Sharpen: adds the difference between a pixel and its four neighbours back to it, so edges and fine detail stand out.</source>
        <translation>Enfoque: suma al píxel la diferencia entre él y sus cuatro vecinos, de modo que los bordes y los detalles finos destacan.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="91"/>
        <source>Sobel x: responds to vertical edges, change from left to right (positive where the image gets brighter to the right); the middle row counts double.</source>
        <translation>Sobel x: responde a los bordes verticales, al cambio de izquierda a derecha (positivo donde la imagen se aclara hacia la derecha); la fila central cuenta doble.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="96"/>
        <source>Sobel y: responds to horizontal edges, change from top to bottom (positive where the image gets brighter downwards); the middle column counts double.</source>
        <translation>Sobel y: responde a los bordes horizontales, al cambio de arriba abajo (positivo donde la imagen se aclara hacia abajo); la columna central cuenta doble.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="101"/>
        <source>Prewitt x: responds to vertical edges, change from left to right, weighting the three rows equally.</source>
        <translation>Prewitt x: responde a los bordes verticales, al cambio de izquierda a derecha, con el mismo peso para las tres filas.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="106"/>
        <source>Prewitt y: responds to horizontal edges, change from top to bottom, weighting the three columns equally.</source>
        <translation>Prewitt y: responde a los bordes horizontales, al cambio de arriba abajo, con el mismo peso para las tres columnas.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="111"/>
        <source>Laplacian: the second derivative, 0 on flat areas and even slopes, strong on both sides of edges and at thin lines.</source>
        <translation>Laplaciano: la segunda derivada, 0 en zonas planas y pendientes uniformes, fuerte a ambos lados de los bordes y en las líneas finas.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="116"/>
        <source>Emboss: the pixel plus the change from upper left to lower right, so edges look raised, as if lit from one side.</source>
        <translation>Relieve: el píxel más el cambio de arriba a la izquierda hacia abajo a la derecha, de modo que los bordes parecen elevados, como iluminados desde un lado.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="121"/>
        <source>Outline: 8 × the pixel minus its 8 neighbours, 0 on flat areas and large where pixels differ from their surroundings, tracing the outlines.</source>
        <translation>Contorno: 8 × el píxel menos sus 8 vecinos, 0 en zonas planas y grande donde los píxeles difieren de su entorno, trazando los contornos.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="129"/>
        <source> (The 3×3 kernel centred in zeros: the same result as 3×3.)</source>
        <translation> (El kernel de 3×3 centrado en ceros: el mismo resultado que con 3×3.)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="132"/>
        <source> (Only the centre of the 3×3 kernel is left at {size}×{size}.)</source>
        <translation> (A {size}×{size} solo queda el centro del kernel de 3×3.)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="135"/>
        <source>Each output pixel is Σ weight × pixel under it, with the kernel&apos;s centre over the output pixel: cross-correlation (no flip), as CNN layers compute it. The image is padded by half the kernel on every side, so the result has the image&apos;s size.</source>
        <translation>Cada píxel de salida es Σ peso × píxel bajo él, con el centro del kernel sobre el píxel de salida: correlación cruzada (sin voltear), como la calculan las capas de una CNN. La imagen se rellena con la mitad del kernel por cada lado, así que el resultado tiene el tamaño de la imagen.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="148"/>
        <source>output ({row}, {col}) = {sum}</source>
        <translation>salida ({row}, {col}) = {sum}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="149"/>
        <source>output ({row}, {col}):</source>
        <translation>salida ({row}, {col}):</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="150"/>
        <source>channel {channel}: {sum}</source>
        <translation>canal {channel}: {sum}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="151"/>
        <source>window rows {top} to {bottom}, cols {left} to {right}</source>
        <translation>ventana: filas {top} a {bottom}, columnas {left} a {right}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_choices.py" line="152"/>
        <source>window rows {top} to {bottom}, cols {left} to {right} (outside the {size} image: {mode} padding)</source>
        <translation>ventana: filas {top} a {bottom}, columnas {left} a {right} (fuera de la imagen de {size}: relleno en modo {mode})</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernels_panel.py" line="84"/>
        <source>A classic kernel</source>
        <translation>Un kernel clásico</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernels_panel.py" line="88"/>
        <source>Load the library kernel at this size</source>
        <translation>Cargar el kernel de la biblioteca con este tamaño</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernels_panel.py" line="94"/>
        <source>How the image is extended beyond its border (CNN layers pad with zeros)</source>
        <translation>Cómo se extiende la imagen más allá de su borde (las capas de una CNN rellenan con ceros)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernels_panel.py" line="98"/>
        <source>The image the kernel is applied to</source>
        <translation>La imagen a la que se aplica el kernel</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernels_panel.py" line="100"/>
        <source>How the result&apos;s values are shown</source>
        <translation>Cómo se muestran los valores del resultado</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernels_panel.py" line="101"/>
        <source>Reset</source>
        <translation>Restablecer</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernels_panel.py" line="103"/>
        <source>Back to the library values of this kernel</source>
        <translation>Volver a los valores de biblioteca de este kernel</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernels_panel.py" line="116"/>
        <source>Kernel</source>
        <translation>Kernel</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernels_panel.py" line="117"/>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernels_panel.py" line="118"/>
        <source>Padding</source>
        <translation>Relleno</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernels_panel.py" line="119"/>
        <source>Image</source>
        <translation>Imagen</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernels_panel.py" line="120"/>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernels_panel.py" line="164"/>
        <source>(edited — Reset restores the library values)</source>
        <translation>(editado — Restablecer recupera los valores de la biblioteca)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_views.py" line="70"/>
        <source>{input} {size} (gray, 0–1)</source>
        <translation>{input} {size} (gris, 0–1)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernels_panel.py" line="224"/>
        <source>Result: draw on the canvas</source>
        <translation>Resultado: dibujar en el lienzo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_views.py" line="79"/>
        <source>values {low} to {high}</source>
        <translation>valores de {low} a {high}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_views.py" line="85"/>
        <source>Result: {values} (white 0, blue −, red +)</source>
        <translation>Resultado: {values} (blanco 0, azul −, rojo +)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/kernel_views.py" line="89"/>
        <source>Result: {values}, clipped to 0–1</source>
        <translation>Resultado: {values}, recortados a 0–1</translation>
    </message>
</context>
<context>
    <name>ModelInputView</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/model_input_view.py" line="43"/>
        <source>What the network sees</source>
        <translation>Lo que ve la red</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/model_input_view.py" line="50"/>
        <source>The model input at its real size, one screen pixel per input pixel</source>
        <translation>La entrada del modelo a su tamaño real, un píxel de pantalla por píxel de entrada</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/model_input_view.py" line="55"/>
        <source>The model input enlarged: hover for pixel values</source>
        <translation>La entrada del modelo ampliada: pasar el ratón para ver los valores de los píxeles</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/model_input_view.py" line="119"/>
        <source>What the network sees: {shape}</source>
        <translation>Lo que ve la red: {shape}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/model_input_view.py" line="120"/>
        <source>Hover for pixel values</source>
        <translation>Pasar el ratón para ver los valores</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/model_input_view.py" line="151"/>
        <source>row {row}, col {col}: {values}</source>
        <translation>fila {row}, columna {col}: {values}</translation>
    </message>
</context>
<context>
    <name>OcclusionJob</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/occlusion_job.py" line="127"/>
        <source>&lt;b&gt;Occlusion&lt;/b&gt; for class &lt;b&gt;{name}&lt;/b&gt;: p = {p} without the square</source>
        <translation>&lt;b&gt;Oclusión&lt;/b&gt; para la clase &lt;b&gt;{name}&lt;/b&gt;: p = {p} sin el cuadrado</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/occlusion_job.py" line="132"/>
        <source>; lowest {p} with the square at its worst place</source>
        <translation>; mínima {p} con el cuadrado en su peor posición</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/occlusion_job.py" line="137"/>
        <source>; the feature map at &lt;b&gt;{layer}&lt;/b&gt; totals {total} without the square</source>
        <translation>; el mapa de características en &lt;b&gt;{layer}&lt;/b&gt; suma {total} sin el cuadrado</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/occlusion_job.py" line="142"/>
        <source>; most probable label with the square: {names}</source>
        <translation>; etiqueta más probable con el cuadrado: {names}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/occlusion_job.py" line="147"/>
        <source>coarse pass</source>
        <translation>pasada gruesa</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/occlusion_job.py" line="149"/>
        <source>refining</source>
        <translation>refinando</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/occlusion_job.py" line="163"/>
        <source>Most probable label with the square there: {swatches}</source>
        <translation>Etiqueta más probable con el cuadrado ahí: {swatches}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/occlusion_job.py" line="167"/>
        <source>Over the input: &lt;span style=&apos;color:#d33&apos;&gt;■ red&lt;/span&gt; where hiding the pixels lowers the class probability, &lt;span style=&apos;color:#48c&apos;&gt;■ blue&lt;/span&gt; where it raises it. Alone: the class probability with the square at each position.</source>
        <translation>Sobre la entrada: &lt;span style=&apos;color:#d33&apos;&gt;■ rojo&lt;/span&gt; donde ocultar los píxeles reduce la probabilidad de la clase, &lt;span style=&apos;color:#48c&apos;&gt;■ azul&lt;/span&gt; donde la aumenta. Mapa aparte: la probabilidad de la clase con el cuadrado en cada posición.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/occlusion_job.py" line="173"/>
        <source>Over the input: &lt;span style=&apos;color:#d33&apos;&gt;■ red&lt;/span&gt; where hiding the pixels lowers the feature map&apos;s total, &lt;span style=&apos;color:#48c&apos;&gt;■ blue&lt;/span&gt; where it raises it. Alone: the feature map&apos;s total with the square at each position.</source>
        <translation>Sobre la entrada: &lt;span style=&apos;color:#d33&apos;&gt;■ rojo&lt;/span&gt; donde ocultar los píxeles reduce el total del mapa de características, &lt;span style=&apos;color:#48c&apos;&gt;■ azul&lt;/span&gt; donde lo aumenta. Mapa aparte: el total del mapa de características con el cuadrado en cada posición.</translation>
    </message>
</context>
<context>
    <name>PoolWords</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/pool_words.py" line="25"/>
        <source>{type}: {op} to {rows}×{cols} (adaptive windows)</source>
        <translation>{type}: {op} a {rows}×{cols} (ventanas adaptativas)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pool_words.py" line="26"/>
        <source>{type}: {op} over {windows}</source>
        <translation>{type}: {op} sobre {windows}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pool_words.py" line="27"/>
        <source>{op} pooling: one value for the whole map</source>
        <translation>pooling de {op}: un solo valor para todo el mapa</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pool_words.py" line="28"/>
        <source>{op} over the layer&apos;s adaptive windows</source>
        <translation>{op} sobre las ventanas adaptativas de la capa</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pool_words.py" line="29"/>
        <source>{op} over the layer&apos;s windows ({windows})</source>
        <translation>{op} sobre las ventanas de la capa ({windows})</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pool_words.py" line="30"/>
        <source>{size} windows, stride {stride}</source>
        <translation>ventanas de {size}, paso {stride}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pool_words.py" line="31"/>
        <source>{size} windows, stride {stride}, padding {padding}</source>
        <translation>ventanas de {size}, paso {stride}, relleno {padding}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pool_words.py" line="32"/>
        <source>{size} windows, stride {stride}, ceil mode</source>
        <translation>ventanas de {size}, paso {stride}, redondeo hacia arriba (ceil mode)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pool_words.py" line="33"/>
        <source>{size} windows, stride {stride}, padding {padding}, ceil mode</source>
        <translation>ventanas de {size}, paso {stride}, relleno {padding}, redondeo hacia arriba (ceil mode)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pool_words.py" line="35"/>
        <source>max</source>
        <translation>máximo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pool_words.py" line="36"/>
        <source>average</source>
        <translation>promedio</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pool_words.py" line="37"/>
        <source>min</source>
        <translation>mínimo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pool_words.py" line="38"/>
        <source>global max</source>
        <translation>máximo global</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pool_words.py" line="39"/>
        <source>global average</source>
        <translation>promedio global</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pool_words.py" line="40"/>
        <source>same</source>
        <translation>igual</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pool_words.py" line="44"/>
        <source>rows and columns outside {rows}, {cols} are padding ({fill})</source>
        <translation>las filas y columnas fuera de {rows}, {cols} son relleno ({fill})</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pool_words.py" line="45"/>
        <source>−inf: never the max</source>
        <translation>−inf: nunca es el máximo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pool_words.py" line="46"/>
        <source>+inf: never the min</source>
        <translation>+inf: nunca es el mínimo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pool_words.py" line="47"/>
        <source>0, counted in the average</source>
        <translation>0, cuenta en el promedio</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pool_words.py" line="51"/>
        <source>max of the {count} values in rows {rows}, cols {cols} = {value} at ({row}, {col})</source>
        <translation>máx de los {count} valores en filas {rows}, columnas {cols} = {value} en ({row}, {col})</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pool_words.py" line="54"/>
        <source>min of the {count} values in rows {rows}, cols {cols} = {value} at ({row}, {col})</source>
        <translation>mín de los {count} valores en filas {rows}, columnas {cols} = {value} en ({row}, {col})</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pool_words.py" line="57"/>
        <source>avg of the {count} values in rows {rows}, cols {cols} = {total} / {n} = {value}</source>
        <translation>promedio de los {count} valores en filas {rows}, columnas {cols} = {total} / {n} = {value}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pool_words.py" line="63"/>
        <source>{name} with dilation {dilation} is not explained here</source>
        <translation>{name} con dilatación {dilation} no se explica aquí</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pool_words.py" line="64"/>
        <source>{name} is not explained here (max, average and adaptive pooling are)</source>
        <translation>{name} no se explica aquí (sí el pooling máximo, promedio y adaptativo)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pool_words.py" line="65"/>
        <source>AvgPool2d with divisor_override={divisor} is not explained here</source>
        <translation>AvgPool2d con divisor_override={divisor} no se explica aquí</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pool_words.py" line="66"/>
        <source>AvgPool2d that leaves padding out of the average is not explained here</source>
        <translation>AvgPool2d que deja el relleno fuera del promedio no se explica aquí</translation>
    </message>
</context>
<context>
    <name>PoolingMaps</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/pooling_views.py" line="210"/>
        <source>output of {layer}</source>
        <translation>salida de {layer}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pooling_views.py" line="210"/>
        <source>{operation} pooling</source>
        <translation>pooling {operation}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pooling_views.py" line="212"/>
        <source>input of {layer}, channel {channel}: {size}</source>
        <translation>entrada de {layer}, canal {channel}: {size}</translation>
    </message>
</context>
<context>
    <name>PoolingPanel</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/pooling_panel.py" line="43"/>
        <source>This model has no pooling layer (max, average or adaptive pooling of 2-D maps).</source>
        <translation>Este modelo no tiene ninguna capa de pooling (pooling máximo, promedio o adaptativo de mapas 2-D).</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pooling_panel.py" line="48"/>
        <source>Draw on the canvas (or open an image) to see the pooling of a real input.</source>
        <translation>Dibujar en el lienzo (o abrir una imagen) para ver el pooling de una entrada real.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pooling_choosers.py" line="34"/>
        <source>Layer</source>
        <translation>Capa</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pooling_choosers.py" line="35"/>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pooling_choosers.py" line="36"/>
        <source>Operation</source>
        <translation>Operación</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pooling_panel.py" line="83"/>
        <location filename="../../../cnnviz/gui/panels/pooling_panel.py" line="104"/>
        <source>Loading model…</source>
        <translation>Cargando el modelo…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pooling_panel.py" line="154"/>
        <source>Computing the input of {layer}…</source>
        <translation>Calculando la entrada de {layer}…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pooling_panel.py" line="212"/>
        <source>{problem}. Choose another operation to explore the input.</source>
        <translation>{problem}. Elegir otra operación para explorar la entrada.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pooling_panel.py" line="219"/>
        <source>{problem}. The other operations use 2×2 windows, stride 2.</source>
        <translation>{problem}. Las demás operaciones usan ventanas de 2×2, paso 2.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pooling_panel.py" line="237"/>
        <source>The layer&apos;s own output differs from this arithmetic: the numbers are not explained.</source>
        <translation>La salida de la propia capa difiere de esta aritmética: los números no quedan explicados.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pooling_views.py" line="33"/>
        <source>As in the model</source>
        <translation>Como en el modelo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pooling_views.py" line="34"/>
        <source>Max</source>
        <translation>Máximo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pooling_views.py" line="35"/>
        <source>Average</source>
        <translation>Promedio</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pooling_views.py" line="36"/>
        <source>Min</source>
        <translation>Mínimo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pooling_views.py" line="37"/>
        <source>Global max</source>
        <translation>Máximo global</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pooling_views.py" line="38"/>
        <source>Global average</source>
        <translation>Promedio global</translation>
    </message>
</context>
<context>
    <name>PredictionPanel</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/prediction_panel.py" line="41"/>
        <location filename="../../../cnnviz/gui/panels/prediction_panel.py" line="47"/>
        <source>Loading model…</source>
        <translation>Cargando el modelo…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/prediction_panel.py" line="119"/>
        <source>probability</source>
        <translation>probabilidad</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/prediction_panel.py" line="119"/>
        <source>probability (top {count})</source>
        <translation>probabilidad (top {count})</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/prediction_panel.py" line="107"/>
        <source>Draw a digit on the canvas</source>
        <translation>Dibujar un dígito en el lienzo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/prediction_panel.py" line="109"/>
        <source>Open an image</source>
        <translation>Abrir una imagen</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/prediction_panel.py" line="125"/>
        <source>Could not load the model: {error}</source>
        <translation>No se pudo cargar el modelo: {error}</translation>
    </message>
</context>
<context>
    <name>QuizPanel</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/quiz_views.py" line="20"/>
        <source>Exercise</source>
        <translation>Ejercicio</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/quiz_views.py" line="21"/>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/quiz_views.py" line="22"/>
        <source>New exercise</source>
        <translation>Nuevo ejercicio</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/quiz_views.py" line="23"/>
        <source>New exercise (Ctrl+N)</source>
        <translation>Nuevo ejercicio (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/quiz_views.py" line="24"/>
        <source>Seed</source>
        <translation>Semilla</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/quiz_views.py" line="26"/>
        <source>Type a seed and press Enter: the same seed gives everyone the same exercise</source>
        <translation>Escribir una semilla y pulsar Intro: la misma semilla da a todos el mismo ejercicio</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/quiz_views.py" line="30"/>
        <source>Score: {right} / {tried}</source>
        <translation>Aciertos: {right} / {tried}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/quiz_views.py" line="31"/>
        <source>Your answer</source>
        <translation>Tu respuesta</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/quiz_views.py" line="32"/>
        <source>Check</source>
        <translation>Comprobar</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/quiz_views.py" line="33"/>
        <source>Check (Ctrl+Return)</source>
        <translation>Comprobar (Ctrl+Intro)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/quiz_views.py" line="34"/>
        <source>Show solution</source>
        <translation>Mostrar solución</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/quiz_views.py" line="35"/>
        <source>Hide solution</source>
        <translation>Ocultar solución</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/quiz_views.py" line="36"/>
        <source>Solution</source>
        <translation>Solución</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/quiz_views.py" line="38"/>
        <source>The language of the exercises, answers and solutions (the interface&apos;s at start)</source>
        <translation>El idioma de los ejercicios, respuestas y soluciones (al inicio, el de la interfaz)</translation>
    </message>
</context>
<context>
    <name>TopKPanel</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/topk_jobs.py" line="93"/>
        <source>{problem} Scanning again.</source>
        <translation>{problem} Se vuelve a escanear.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/topk_controls.py" line="25"/>
        <source>Image folder…</source>
        <translation>Carpeta de imágenes…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/topk_controls.py" line="37"/>
        <source>all</source>
        <translation>todas</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/topk_controls.py" line="39"/>
        <source> images</source>
        <translation> imágenes</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/topk_controls.py" line="40"/>
        <source>Scan</source>
        <translation>Escanear</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/topk_controls.py" line="41"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/topk_controls.py" line="42"/>
        <source>Resume</source>
        <translation>Reanudar</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/topk_panel.py" line="66"/>
        <source>Choose a layer and a data set, then Scan.</source>
        <translation>Elegir una capa y un conjunto de datos y pulsar Escanear.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/topk_controls.py" line="47"/>
        <source>Layer</source>
        <translation>Capa</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/topk_controls.py" line="48"/>
        <source>Data</source>
        <translation>Datos</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/topk_controls.py" line="49"/>
        <source>Limit</source>
        <translation>Límite</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/topk_panel.py" line="101"/>
        <source>Images to scan (one sub-folder per class)</source>
        <translation>Imágenes para escanear (una subcarpeta por clase)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/topk_panel.py" line="123"/>
        <source>Scan stopped: training changes the weights.</source>
        <translation>Escaneo detenido: el entrenamiento cambia los pesos.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/topk_panel.py" line="166"/>
        <source>Training is running: scan when it has stopped (a scan reads the weights).</source>
        <translation>El entrenamiento está en marcha: escanear cuando se haya detenido (un escaneo lee los pesos).</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/topk_panel.py" line="174"/>
        <source>Scanning…</source>
        <translation>Escaneando…</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/topk_panel.py" line="174"/>
        <source>Loading the images…</source>
        <translation>Cargando las imágenes…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../cnnviz/gui/panels/topk_panel.py" line="188"/>
        <source>Scanning: {done} of %Ln image(s), {rate} images/s</source>
        <translation>
            <numerusform>Escaneando: {done} de %Ln imagen, {rate} imágenes/s</numerusform>
            <numerusform>Escaneando: {done} de %Ln imágenes, {rate} imágenes/s</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/topk_panel.py" line="200"/>
        <source>Cancelled: the partial scan is saved; Resume continues it.</source>
        <translation>Cancelado: el escaneo parcial está guardado; Reanudar lo continúa.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/topk_panel.py" line="204"/>
        <source>Cannot scan: {error}</source>
        <translation>No se puede escanear: {error}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../../cnnviz/gui/panels/topk_panel.py" line="212"/>
        <source>Scanned {data}: %Ln image(s).</source>
        <translation>
            <numerusform>Escaneado {data}: %Ln imagen.</numerusform>
            <numerusform>Escaneado {data}: %Ln imágenes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../../cnnviz/gui/panels/topk_panel.py" line="224"/>
        <source>%Ln image(s) ready: press Scan.</source>
        <translation>
            <numerusform>%Ln imagen lista: pulsar Escanear.</numerusform>
            <numerusform>%Ln imágenes listas: pulsar Escanear.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../../cnnviz/gui/panels/topk_panel.py" line="228"/>
        <source>Loaded from cache: %Ln image(s) of {data}.</source>
        <translation>
            <numerusform>Cargado de la caché: %Ln imagen de {data}.</numerusform>
            <numerusform>Cargado de la caché: %Ln imágenes de {data}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../../cnnviz/gui/panels/topk_panel.py" line="234"/>
        <source>A partial scan is kept ({done} of %Ln image(s)): Resume continues it.</source>
        <translation>
            <numerusform>Hay un escaneo parcial guardado ({done} de %Ln imagen): Reanudar lo continúa.</numerusform>
            <numerusform>Hay un escaneo parcial guardado ({done} de %Ln imágenes): Reanudar lo continúa.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WebcamPanel</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/webcam_panel.py" line="36"/>
        <source>Test pattern (no camera needed)</source>
        <translation>Patrón de prueba (sin cámara)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/webcam_panel.py" line="38"/>
        <source>Test pattern: generated frames of written digits, not a camera — shows how streaming works.</source>
        <translation>Patrón de prueba: fotogramas generados de dígitos escritos, no una cámara — muestra cómo funciona la transmisión en directo.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/webcam_panel.py" line="67"/>
        <source>The camera to stream from, or a generated test pattern</source>
        <translation>La cámara desde la que transmitir, o un patrón de prueba generado</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/webcam_panel.py" line="68"/>
        <location filename="../../../cnnviz/gui/panels/webcam_panel.py" line="177"/>
        <source>Start</source>
        <translation>Iniciar</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/webcam_panel.py" line="72"/>
        <source>Stream frames into the model; Prediction and Activations follow live</source>
        <translation>Enviar fotogramas al modelo; Predicción y Activaciones se actualizan en directo</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/webcam_panel.py" line="78"/>
        <source> fps max</source>
        <translation> fps máx.</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/webcam_panel.py" line="80"/>
        <source>Most frames a second sent to the model (frames are skipped while it is busy)</source>
        <translation>Máximo de fotogramas por segundo enviados al modelo (se omiten fotogramas mientras está ocupado)</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/webcam_panel.py" line="82"/>
        <source>Freeze</source>
        <translation>Congelar</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/webcam_panel.py" line="84"/>
        <source>Stop and keep the current frame on the Input canvas</source>
        <translation>Detener y dejar el fotograma actual en el lienzo de Entrada</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/webcam_panel.py" line="89"/>
        <source>Press Start to see the camera here</source>
        <translation>Pulsar Iniciar para ver la cámara aquí</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/webcam_panel.py" line="95"/>
        <source>Source</source>
        <translation>Fuente</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/webcam_panel.py" line="177"/>
        <source>Stop</source>
        <translation>Detener</translation>
    </message>
</context>
<context>
    <name>WindowWords</name>
    <message>
        <location filename="../../../cnnviz/gui/panels/pooling_views.py" line="272"/>
        <source>output ({row}, {col})</source>
        <translation>salida ({row}, {col})</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pooling_views.py" line="276"/>
        <source>Window: input rows {r0}–{r1}, cols {c0}–{c1}</source>
        <translation>Ventana: filas de entrada {r0}–{r1}, columnas {c0}–{c1}</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pooling_views.py" line="280"/>
        <source>★ where its {op} is (the switch); dots: the other windows&apos; switches</source>
        <translation>★ donde está su {op} (el switch); puntos: los switches de las demás ventanas</translation>
    </message>
    <message>
        <location filename="../../../cnnviz/gui/panels/pooling_views.py" line="282"/>
        <source>Rows and columns count from 0; ← → ↑ ↓ or the mouse move the window.</source>
        <translation>Filas y columnas se cuentan desde 0; ← → ↑ ↓ o el ratón mueven la ventana.</translation>
    </message>
</context>
</TS>
